package dev.nn.modelfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.layers.BatchNormLayer;
import dev.nn.layers.DenseLayer;
import dev.nn.network.Network;
import dev.nn.random.SplitMix64;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.SpecLoader;
import dev.nn.spec.SpecWriter;
import dev.nn.tensor.Tensor;
import dev.nn.testing.TestComponents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A trained network and its spec as a model file: the spec without numbers, the values as named tensors. */
final class ModelFilesTest {
    @TempDir
    Path folder;

    static Network network() {
        DenseLayer dense = new DenseLayer(1, 3, 2, TestComponents.IDENTITY,
                Optional.of(Tensor.of(new double[][] {{1, 2, 3}, {4, 5, 6}})), Optional.of(Tensor.row(0.5, -0.5)),
                (w, fanIn, fanOut, r) -> { }, new SplitMix64(0));
        BatchNormLayer norm = new BatchNormLayer(2, 2, 0.1, 1e-5, Optional.of(Tensor.row(1.5, 2.5)),
                Optional.of(Tensor.row(-1, 1)), Optional.of(Tensor.row(0.25, 0.75)), Optional.of(Tensor.row(2, 3)));
        return new Network(List.of(dense, norm), TestComponents.HALF_SQUARED_ERROR);
    }

    static ModelSpec spec() {
        return new ModelSpec(1, "tiny", 7L, 3, List.of(
                LayerSpec.dense(2, null, null, null, null),
                new LayerSpec("batch_norm", null, null, null, null, null, null, null, null)),
                null, null, null, null);
    }

    @Test
    void savesTheSpecWithoutNumbersAndEveryParameterAndStateTensorByLayerAndName() throws IOException {
        Network network = network();
        Path file = folder.resolve("m.nn");
        ModelFiles.entries(SpecWriter.withParameters(spec(), network), network).write(file);

        ModelArchive archive = ModelArchive.read(file);
        assertEquals(List.of("model.yaml", "tensors.safetensors"), List.copyOf(archive.entryNames()));
        String yaml = new String(archive.entry(ModelArchive.MODEL_ENTRY).orElseThrow(), StandardCharsets.UTF_8);
        assertTrue(yaml.startsWith("# the spec of a model saved by nn train --save"), yaml);
        String body = yaml.substring(yaml.indexOf('\n') + 1);
        assertFalse(body.contains("weights") || body.contains("bias") || body.contains("state")
                || body.contains("parameters") || body.contains("#"), yaml);
        ModelSpec reread = new SpecLoader().parse(file, "m.nn!model.yaml", yaml).spec();
        assertEquals(spec().layers().size(), reread.layers().size());
        assertNull(reread.layers().get(0).weights());
        assertEquals("batch_norm", reread.layers().get(1).type());

        SafeTensors tensors = archive.tensors(ModelArchive.TENSORS_ENTRY);
        assertEquals(List.of("layers.0.weights", "layers.0.bias", "layers.1.gamma", "layers.1.beta",
                "layers.1.running_mean", "layers.1.running_var"), List.copyOf(tensors.tensors().keySet()));
        assertEquals(network.layers().get(0).parameters().get(0).value(), tensors.tensors().get("layers.0.weights"));
        assertEquals(Tensor.row(2, 3), tensors.tensors().get("layers.1.running_var"));
        assertEquals(Map.of("format", "nn-model-1", "nn.state", "layers.1.running_mean,layers.1.running_var"),
                tensors.metadata());
    }

    /**
     * The bound docs/models.md states: at most 1.05 times the raw bytes of the parameters and state plus 16 KiB (the
     * zip's headers, the safetensors header and model.yaml with its metadata).
     */
    @Test
    void aModelFileIsItsRawValuesPlusAFewKilobytes() throws IOException {
        DenseLayer wide = new DenseLayer(1, 300, 200, TestComponents.IDENTITY, Optional.empty(), Optional.empty(),
                (w, fanIn, fanOut, r) -> java.util.Arrays.fill(w.data(), 0.25), new SplitMix64(0));
        DenseLayer narrow = new DenseLayer(2, 200, 10, TestComponents.IDENTITY, Optional.empty(), Optional.empty(),
                (w, fanIn, fanOut, r) -> { }, new SplitMix64(0));
        Network network = new Network(List.of(wide, narrow), TestComponents.HALF_SQUARED_ERROR);
        ModelSpec spec = new ModelSpec(1, "wide", 7L, 300, List.of(LayerSpec.dense(200, null, null, null, null),
                LayerSpec.dense(10, null, null, null, null)), null, null, null, null);
        Path file = folder.resolve("wide.nn");
        ModelFiles.entries(spec, network).write(file);

        long raw = (300L * 200 + 200 + 200 * 10 + 10) * Double.BYTES;
        long size = java.nio.file.Files.size(file);
        assertTrue(size >= raw && size <= raw + raw / 20 + 16 * 1024, size + " bytes for " + raw);
    }
}
