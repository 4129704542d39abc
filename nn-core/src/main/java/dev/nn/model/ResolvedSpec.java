package dev.nn.model;

import dev.nn.spec.CheckpointSpec;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.DataSetSpec;
import dev.nn.spec.DataSpec;
import dev.nn.spec.EarlyStoppingSpec;
import dev.nn.spec.LayerSpec;
import dev.nn.spec.ModelSpec;
import dev.nn.spec.TrainingSpec;
import dev.nn.train.EarlyStopping;
import dev.nn.train.TrainingSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The spec as the assembly used it, every default written out: the values the components' providers read through
 * {@link dev.nn.spi.ComponentParameters} (their declared defaults included, {@link ComponentResolver#resolved()},
 * {@link LayerBuilder#resolvedOptions()}) and the training settings as built ({@link TrainingSettingsBuilder}). So
 * there is no second list of defaults: a spec built from this one assembles and trains identically.
 *
 * <p>{@code training.batch_size} and {@code shuffle} default to values that depend on the training set; without one
 * they are left as written.
 */
final class ResolvedSpec {
    private static final String DEFAULT_LAYER = "dense";

    private ResolvedSpec() {
    }

    static ModelSpec of(ModelSpec spec, String name, long seed, Map<String, ComponentRef> components,
                        List<Map<String, Object>> layerOptions, TrainingSettings training, boolean trainingData) {
        List<LayerSpec> layers = new ArrayList<>();
        for (int i = 0; i < spec.layers().size(); i++) {
            layers.add(layer(spec.layers().get(i), "layers[" + i + "]", layerOptions.get(i), components));
        }
        return new ModelSpec(1, name, seed, spec.input(), layers, components.get("loss"),
                OptimizerOptions.resolved(components.get("optimizer"), components),
                training(spec.training(), training, trainingData),
                data(spec.data(), components), spec.metadata(), dtypeName(spec.dtype()));
    }

    /** The dtype as resolved: the written one, or {@code float64} when the spec gives none. */
    static String dtypeName(String written) {
        return written == null ? dev.nn.tensor.DataType.FLOAT64.specName() : written;
    }

    private static LayerSpec layer(LayerSpec written, String path, Map<String, Object> read,
                                   Map<String, ComponentRef> components) {
        Map<String, Object> options = new LinkedHashMap<>(read);
        // Options the layer did not read are not options of it (it would have refused them); component options are
        // the components as created.
        components.forEach((key, ref) -> {
            if (key.startsWith(path + ".") && key.indexOf('.', path.length() + 1) < 0) {
                options.put(key.substring(path.length() + 1), ref.toYaml());
            }
        });
        Object units = options.remove("units");
        Object activation = options.remove("activation");
        Object init = options.remove("init");
        LayerSpec.VALUE_KEYS.forEach(options::remove);
        options.remove("type");
        return new LayerSpec(written.type() == null ? DEFAULT_LAYER : written.type(),
                units instanceof Number number ? Integer.valueOf(number.intValue()) : null,
                components.getOrDefault(path + ".activation", activation instanceof String a ? ComponentRef.named(a)
                        : null),
                written.weights(), written.bias(),
                components.getOrDefault(path + ".init", init instanceof String n ? ComponentRef.named(n) : null),
                written.parameters(), written.state(), options);
    }

    private static TrainingSpec training(TrainingSpec written, TrainingSettings used, boolean trainingData) {
        Integer batchSize = trainingData ? Integer.valueOf(used.batchSize()) : written.batchSize();
        Boolean shuffle = trainingData ? Boolean.valueOf(used.shuffle()) : written.shuffle();
        Optional<EarlyStopping> rule = used.earlyStopping();
        EarlyStoppingSpec earlyStopping = rule.map(r -> new EarlyStoppingSpec(r.monitor(), r.patience(),
                r.restoreBest(), r.minDelta())).orElse(null);
        CheckpointSpec checkpoint = written.checkpoint() == null ? null : new CheckpointSpec(
                written.checkpoint().dir() == null ? CheckpointSpec.DEFAULT_DIR : written.checkpoint().dir(),
                written.checkpoint().everyEpochs() == null ? CheckpointSpec.DEFAULT_EVERY_EPOCHS
                        : written.checkpoint().everyEpochs(),
                written.checkpoint().keep() == null ? CheckpointSpec.DEFAULT_KEEP : written.checkpoint().keep());
        return new TrainingSpec(used.epochs(), batchSize, shuffle, written.validationSplit(), earlyStopping,
                checkpoint);
    }

    private static DataSpec data(DataSpec written, Map<String, ComponentRef> components) {
        if (written == null) {
            return null;
        }
        return new DataSpec(set(written.train(), "data.train", components),
                set(written.validation(), "data.validation", components), set(written.test(), "data.test", components));
    }

    private static DataSetSpec set(DataSetSpec written, String path, Map<String, ComponentRef> components) {
        ComponentRef format = components.get(path);
        if (written == null || written.format() == null || format == null) {
            return written;
        }
        return DataSetSpec.ofFormat(written.format(), format.parameters());
    }
}
