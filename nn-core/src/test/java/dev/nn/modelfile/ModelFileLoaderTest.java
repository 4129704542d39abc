package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.Model;
import dev.nn.model.ModelAssembler;
import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.network.Network;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.LoadedSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecException;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecProblem;
import dev.nn.spec.SpecWriter;
import dev.nn.spi.ComponentProvider;
import dev.nn.spi.Parameter;
import dev.nn.spi.StateTensor;
import dev.nn.tensor.DataType;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SpecLoader#load} reads a model file as it reads the YAML saved model of the same network, and a file whose
 * tensors do not fit its layers is refused with one problem naming the tensor and the layer.
 */
final class ModelFileLoaderTest {
    private static final String SPEC = """
            name: small
            seed: 3
            input: 3
            layers:
              - units: 4
                activation: tanh
              - type: batch_norm
              - units: 2
            loss: half_se
            optimizer: sgd
            training:
              epochs: 1
            """;

    @TempDir
    Path folder;

    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry(providers()));
    private final SpecLoader loader = new SpecLoader();

    private static List<ComponentProvider<?>> providers() {
        List<ComponentProvider<?>> providers = new ArrayList<>(TestComponents.standardProviders());
        providers.add(new dev.nn.layers.BatchNormLayer.Provider());
        return providers;
    }

    /** The spec's network with every value and state set to something other than its start. */
    private Model trained() throws IOException {
        Path spec = Files.writeString(folder.resolve("spec.yaml"), SPEC);
        Model model = assembler.assemble(loader.load(spec), DataRequirement.OPTIONAL);
        double next = 0.1;
        for (Parameter parameter : model.network().parameters()) {
            for (int i = 0; i < parameter.value().size(); i++, next += 0.37) {
                parameter.value().data()[i] = Math.sin(next);
            }
        }
        for (StateTensor state : model.network().state()) {
            for (int i = 0; i < state.value().size(); i++, next += 0.37) {
                state.value().data()[i] = 1 + Math.cos(next) / 2;
            }
        }
        return model;
    }

    private Path saveAsModelFile(Model model, String name) throws IOException {
        Path file = folder.resolve(name);
        ModelFiles.entries(SpecWriter.withParameters(model.spec().spec(), model.network()), model.network())
                .write(file);
        return file;
    }

    @Test
    void readsAModelFileAsTheYamlSavedModelOfTheSameNetworkHoldsIt() throws IOException {
        Model model = trained();
        Path yaml = folder.resolve("m.yaml");
        new SpecWriter().write(SpecWriter.withParameters(model.spec().spec(), model.network()), yaml);
        Path nn = saveAsModelFile(model, "m.nn");

        LoadedSpec fromYaml = loader.load(yaml);
        LoadedSpec fromFile = loader.load(nn, "m.nn");

        assertEquals("m.nn!model.yaml", fromFile.displayName());
        assertEquals("m.nn", fromFile.fileName());
        assertEquals(yaml.toString(), fromYaml.fileName());
        assertEquals(java.util.Optional.of("m.nn!tensors.safetensors"), fromFile.valuesFrom());
        List<LayerSpec> expected = fromYaml.spec().layers();
        List<LayerSpec> actual = fromFile.spec().layers();
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).weights(), actual.get(i).weights());
            assertArrayEquals(expected.get(i).bias(), actual.get(i).bias());
            assertEquals(expected.get(i).parameters(), actual.get(i).parameters());
            assertEquals(expected.get(i).state(), actual.get(i).state());
        }
        Network reloaded = assembler.assemble(fromFile, DataRequirement.OPTIONAL).network();
        assertEquals(tensors(model.network()), tensors(reloaded));
        Tensor input = Tensor.of(new double[][] {{0.5, -1, 2}, {0, 0.25, -0.75}});
        assertEquals(model.network().forward(input).copy(), reloaded.forward(input).copy());
    }

    private static Map<String, Tensor> tensors(Network network) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        network.parameters().forEach(p -> tensors.put(p.name(), p.value()));
        network.state().forEach(s -> tensors.put(s.name(), s.value()));
        return tensors;
    }

    @Test
    void aProblemInTheSpecIsPlacedInModelYamlInsideTheFile() throws IOException {
        Path file = archive(SPEC.replace("activation: tanh", "activation: tahn"), validTensors());

        SpecProblem problem = onlyProblem(file);

        assertEquals("m.nn!model.yaml", problem.file());
        assertEquals(6, problem.line());
        assertEquals("layers[0].activation", problem.path());
        assertTrue(problem.message().startsWith("unknown activation 'tahn'; did you mean 'tanh'?"), problem::message);
    }

    @Test
    void aFloat32ModelFileLoadsIntoFloat32LayersWithItsExactValues() throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        validTensors().forEach((name, value) -> tensors.put(name, value.copyAs(DataType.FLOAT32)));
        tensors.put("layers.0.bias", Tensor.wrap(1, 4, new float[] {0.1f, -0.2f, 0.3f, 1e-30f}));

        Model model = assembler.assemble(loader.load(archive("dtype: float32\n" + SPEC, tensors), "m.nn"),
                ModelAssembler.DataRequirement.OPTIONAL);

        assertEquals(DataType.FLOAT32, model.network().dataType());
        Tensor bias = model.network().parameters().get(1).value();
        assertEquals(tensors.get("layers.0.bias"), bias);
    }

    @Test
    void anF32TensorInAFloat64ModelIsRefusedNamingIt() throws IOException {
        Map<String, Tensor> tensors = validTensors();
        tensors.put("layers.0.bias", Tensor.zeros(1, 4, DataType.FLOAT32));

        String problem = onlyProblem(archive(SPEC, tensors)).toString();

        assertTrue(problem.contains("tensor layers.0.bias is F32 (float32), but model.yaml records dtype "
                + "float64 (no dtype); a float64 model's tensors are F64"), problem);
    }

    @Test
    void aMissingTensorIsOneProblemNamingItAndItsLayer() throws IOException {
        Map<String, Tensor> tensors = validTensors();
        tensors.remove("layers.2.bias");

        assertEquals("m.nn!tensors.safetensors: tensor layers.2.bias (layers[2], dense): missing; this layer's "
                + "tensors are layers.2.weights, layers.2.bias", onlyProblem(archive(SPEC, tensors)).toString());
    }

    @Test
    void anExtraTensorIsOneProblemNamingItAndItsLayer() throws IOException {
        Map<String, Tensor> tensors = validTensors();
        tensors.put("layers.0.gamma", Tensor.row(1, 2, 3, 4));

        assertEquals("m.nn!tensors.safetensors: tensor layers.0.gamma (layers[0], dense): not a parameter or state "
                + "of this layer; this layer's tensors are layers.0.weights, layers.0.bias",
                onlyProblem(archive(SPEC, tensors)).toString());
    }

    @Test
    void aTensorOfTheWrongShapeIsOneProblemNamingItAndItsLayer() throws IOException {
        Map<String, Tensor> tensors = validTensors();
        tensors.put("layers.0.weights", Tensor.zeros(3, 4));
        tensors.put("layers.1.running_var", Tensor.row(1, 1, 1));

        SpecException e = assertThrows(SpecException.class,
                () -> assembler.assemble(loader.load(archive(SPEC, tensors), "m.nn"), DataRequirement.OPTIONAL));
        assertEquals(List.of("m.nn!tensors.safetensors: tensor layers.0.weights (layers[0], dense): expected shape "
                        + "[4, 3] (a row per unit, a column per input) but found [3, 4]",
                "m.nn!tensors.safetensors: tensor layers.1.running_var (layers[1], batch_norm): expected shape "
                        + "[4] but found [3]"),
                e.problems().stream().map(SpecProblem::toString).toList());
    }

    @Test
    void aTensorForNoLayerOrNamedOtherwiseIsRefused() throws IOException {
        Map<String, Tensor> tensors = validTensors();
        tensors.put("layers.3.weights", Tensor.zeros(1, 1));
        assertEquals("m.nn!tensors.safetensors: tensor layers.3.weights is for layers[3], but model.yaml has 3 "
                + "layers (layers[0] to layers[2])", onlyProblem(archive(SPEC, tensors)).toString());

        Map<String, Tensor> misnamed = validTensors();
        misnamed.put("W1", Tensor.zeros(1, 1));
        assertEquals("m.nn!tensors.safetensors: tensor 'W1' is not named layers.<index>.<name> (e.g. "
                + "layers.0.weights)", onlyProblem(archive(SPEC, misnamed)).toString());
    }

    @Test
    void valuesInModelYamlAsWellAreRefusedAtTheirKey() throws IOException {
        Path file = archive(SPEC.replace("  - units: 2\n", "  - units: 2\n    bias: [0, 0]\n"), validTensors());

        SpecProblem problem = onlyProblem(file);
        assertEquals("m.nn!model.yaml:9:5: layers[2].bias: a model file keeps its values in tensors.safetensors, "
                + "not in model.yaml", problem.toString());
    }

    @Test
    void aDamagedFileIsRefusedNamingItAsTheUserDid() throws IOException {
        Path file = archive(SPEC, validTensors());
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);

        assertEquals("m.nn: the file is damaged or was changed: its seal (sha256) does not match its content; "
                + "retrain or restore it", onlyProblem(file).toString());
    }

    @Test
    void aModelFileWithoutItsSpecSaysWhatItHas() throws IOException {
        Path file = folder.resolve("m.nn");
        ModelArchive.builder().tensors(ModelArchive.TENSORS_ENTRY, validTensors(), Map.of()).write(file);

        assertEquals("m.nn: has no entry model.yaml (the spec); it has: tensors.safetensors",
                onlyProblem(file).toString());
    }

    private Map<String, Tensor> validTensors() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        tensors.put("layers.0.weights", Tensor.zeros(4, 3));
        tensors.put("layers.0.bias", Tensor.zeros(1, 4));
        tensors.put("layers.1.gamma", Tensor.row(1, 1, 1, 1));
        tensors.put("layers.1.beta", Tensor.zeros(1, 4));
        tensors.put("layers.1.running_mean", Tensor.zeros(1, 4));
        tensors.put("layers.1.running_var", Tensor.row(1, 1, 1, 1));
        tensors.put("layers.2.weights", Tensor.zeros(2, 4));
        tensors.put("layers.2.bias", Tensor.zeros(1, 2));
        return tensors;
    }

    private Path archive(String yaml, Map<String, Tensor> tensors) throws IOException {
        Path file = folder.resolve("m.nn");
        ModelArchive.builder()
                .entry(ModelArchive.MODEL_ENTRY, yaml.getBytes(StandardCharsets.UTF_8))
                .tensors(ModelArchive.TENSORS_ENTRY, tensors,
                        Map.of(ModelFiles.STATE_KEY, "layers.1.running_mean,layers.1.running_var"))
                .write(file);
        return file;
    }

    /** The one problem loading and assembling {@code file} finds. */
    private SpecProblem onlyProblem(Path file) {
        SpecException e = assertThrows(SpecException.class,
                () -> assembler.assemble(loader.load(file, "m.nn"), DataRequirement.OPTIONAL));
        assertEquals(1, e.problems().size(), e.problems()::toString);
        return e.problems().get(0);
    }

    @Test
    void aFileNamedNnThatIsNotAZipIsRefusedAsDamagedNotReadAsYaml() throws IOException {
        Path file = Files.writeString(folder.resolve("m.nn"), SPEC);

        assertEquals("m.nn: the file is damaged: it does not end with its seal (nn-sha256:...), so it was cut short "
                + "or changed; retrain or restore it", onlyProblem(file).toString());
    }

    @Test
    void aModelFileIsRecognisedByItsFirstBytesWhateverItsName() throws IOException {
        Model model = trained();
        Path file = saveAsModelFile(model, "model.bin");

        assertEquals(java.util.Optional.of("model.bin!tensors.safetensors"),
                loader.load(file, "model.bin").valuesFrom());
    }
}
