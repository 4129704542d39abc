package dev.nn.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.model.Model;
import dev.nn.model.ModelAssembler.DataRequirement;
import dev.nn.model.ModelAssembler;
import dev.nn.network.Network;
import dev.nn.spi.Parameter;
import dev.nn.testing.TestComponents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class SpecWriterTest {
    private static final String SPEC = """
            name: round-trip
            seed: 3
            input: 3
            layers:
              - units: 2
                activation: tanh
                init: he_normal
              - units: 1
                activation: {name: leaky, alpha: 0.25}
            loss: half_se
            optimizer: {name: sgd, learning_rate: 0.1, momentum: 0.5}
            training:
              epochs: 7
              batch_size: 2
            data:
              train:
                inputs: [[0.1, 0.2, 0.3], [1, 2, 3]]
                targets: [[0.5], [-0.5]]
            """;

    /** Values whose decimal forms are long, extreme, signed zero or classic rounding traps. */
    private static final double[] AWKWARD = {
        0.1, 1.0 / 3, Math.PI, -Math.E, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -0.0,
        0.1 + 0.2, 2e23, 123456789.12345679
    };

    @TempDir
    Path folder;

    private final SpecLoader loader = new SpecLoader();
    private final ModelAssembler assembler = new ModelAssembler(TestComponents.registry());

    @Test
    void aWrittenSpecReadsBackToTheSameWeightsBitForBit() throws IOException {
        LoadedSpec loaded = loader.parse(Path.of("in.yaml"), "in.yaml", SPEC);
        Network network = assembler.assemble(loaded, DataRequirement.REQUIRED).network();
        int next = 0;
        for (Parameter parameter : network.parameters()) {
            double[] values = parameter.value().data();
            for (int i = 0; i < values.length; i++) {
                values[i] = AWKWARD[next++ % AWKWARD.length];
            }
        }
        Path file = folder.resolve("out.yaml");

        new SpecWriter().write(SpecWriter.withParameters(loaded.spec(), network), file);
        LoadedSpec back = loader.load(file);

        for (int layer = 0; layer < 2; layer++) {
            LayerSpec spec = back.spec().layers().get(layer);
            double[] weights = network.parameters().get(2 * layer).value().data();
            double[] bias = network.parameters().get(2 * layer + 1).value().data();
            double[] readWeights = Arrays.stream(spec.weights()).flatMapToDouble(Arrays::stream)
                    .toArray();
            assertBitsEqual(weights, readWeights, Files.readString(file));
            assertBitsEqual(bias, spec.bias(), Files.readString(file));
        }
        Model rebuilt = assembler.assemble(back, DataRequirement.REQUIRED);
        for (int i = 0; i < network.parameters().size(); i++) {
            assertEquals(network.parameters().get(i).value(), rebuilt.network().parameters().get(i).value());
        }
    }

    @Test
    void parametersAndStateOfOtherLayerTypesAreSavedByNameAndRestored() throws IOException {
        LoadedSpec loaded = loader.parse(Path.of("in.yaml"), "in.yaml", """
                input: 3
                layers:
                  - {type: scale, start: 2}
                  - {type: dropout, rate: 0.25}
                  - units: 1
                loss: half_se
                optimizer: sgd
                training: {epochs: 1}
                data:
                  train:
                    inputs: [[0.1, 0.2, 0.3]]
                    targets: [[0.5]]
                """);
        Network network = assembler.assemble(loaded, DataRequirement.REQUIRED).network();
        network.parameters().get(0).value().data()[1] = 1.0 / 3;
        network.state().get(0).value().data()[2] = 7;
        Path file = folder.resolve("out.yaml");

        new SpecWriter().write(SpecWriter.withParameters(loaded.spec(), network), file);
        LoadedSpec back = loader.load(file);

        LayerSpec scale = back.spec().layers().get(0);
        assertEquals(List.of("scale"), List.copyOf(scale.parameters().keySet()), Files.readString(file));
        assertEquals(List.of("seen"), List.copyOf(scale.state().keySet()), Files.readString(file));
        assertNull(back.spec().layers().get(1).parameters(), Files.readString(file));
        assertEquals(Map.of("rate", 0.25), back.spec().layers().get(1).options());
        Network rebuilt = assembler.assemble(back, DataRequirement.REQUIRED).network();
        assertEquals(List.of("scale1", "W3", "b3"), rebuilt.parameters().stream().map(Parameter::name).toList());
        for (int i = 0; i < network.parameters().size(); i++) {
            assertEquals(network.parameters().get(i).value(), rebuilt.parameters().get(i).value());
        }
        assertEquals(network.state().get(0).value(), rebuilt.state().get(0).value());
        assertEquals("seen1", rebuilt.state().get(0).name());
    }

    @Test
    void everythingElseIsKeptAndTheInitialiserDropped() throws IOException {
        LoadedSpec loaded = loader.parse(Path.of("in.yaml"), "in.yaml", SPEC);
        Network network = assembler.assemble(loaded, DataRequirement.REQUIRED).network();
        Path file = folder.resolve("out.yaml");

        new SpecWriter().write(SpecWriter.withParameters(loaded.spec(), network), file);
        ModelSpec back = loader.load(file).spec();

        assertEquals("round-trip", back.name());
        assertEquals(3L, back.seed());
        assertEquals(3, back.input());
        assertNull(back.layers().get(0).init());
        assertEquals(ComponentRef.named("tanh"), back.layers().get(0).activation());
        assertEquals(new ComponentRef("leaky", Map.of("alpha", 0.25)), back.layers().get(1).activation());
        assertEquals(new ComponentRef("sgd", Map.of("learning_rate", 0.1, "momentum", 0.5)), back.optimizer());
        assertEquals(new TrainingSpec(7, 2, null), back.training());
        assertEquals(List.of(-0.5), List.of(back.data().train().targets()[1][0]));
        String text = Files.readString(file);
        assertTrue(text.contains("batch_size: 2"), text);
        assertFalse(text.contains("batchSize"), text);
        assertFalse(text.contains("init"), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024", "017", "yes", "off", "true", "null", "~"})
    void aNameThatLooksLikeAnIntegerABooleanOrNullReadsBackAsTheSameString(String name) throws IOException {
        assertEquals(name, roundTripName(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.5", "1e3", ".5"})
    void aNameThatLooksLikeAFractionReadsBackAsTheSameString(String name) throws IOException {
        assertEquals(name, roundTripName(name));
    }

    private String roundTripName(String name) throws IOException {
        LoadedSpec loaded = loader.parse(Path.of("in.yaml"), "in.yaml",
                SPEC.replace("name: round-trip", "name: \"" + name + "\""));
        Network network = assembler.assemble(loaded, DataRequirement.REQUIRED).network();
        Path file = folder.resolve("out.yaml");

        new SpecWriter().write(SpecWriter.withParameters(loaded.spec(), network), file);

        return loader.load(file).spec().name();
    }

    private static void assertBitsEqual(double[] expected, double[] actual, String text) {
        assertEquals(expected.length, actual.length, text);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToRawLongBits(expected[i]), Double.doubleToRawLongBits(actual[i]),
                    "value " + i + ": wrote " + expected[i] + ", read " + actual[i] + " from\n" + text);
        }
    }
}
