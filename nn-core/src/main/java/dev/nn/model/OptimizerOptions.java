package dev.nn.model;

import dev.nn.data.DataSet;
import dev.nn.input.UserText;
import dev.nn.registry.ComponentKind;
import dev.nn.spec.ComponentRef;
import dev.nn.spec.ModelSpec;
import dev.nn.spi.ComponentParameters;
import dev.nn.spi.LearningRateSchedule;
import dev.nn.spi.Optimizer;
import dev.nn.train.EarlyStopping;
import dev.nn.train.GradientClipping;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys the platform reads on the optimizer's mapping, beside the optimizer's own: {@code schedule} (a
 * learning-rate schedule, created through the registry like any component), {@code clip_norm} and
 * {@code clip_value} (gradient clipping, one or the other). They are taken out of the parameters before the
 * optimizer's provider sees them, so a plugin optimizer needs to know nothing about them.
 */
final class OptimizerOptions {
    static final String SCHEDULE = "schedule";
    static final String CLIP_NORM = "clip_norm";
    static final String CLIP_VALUE = "clip_value";
    private static final String PATH = "optimizer";

    private final ComponentResolver components;
    private final AssemblyProblems problems;
    private final ComponentParameters parameters;
    private final Object writtenSchedule;
    private final GradientClipping clipping;

    /** Reads the platform's keys from {@code optimizer}'s parameters, which the optimizer then gets. */
    OptimizerOptions(ComponentRef optimizer, ComponentResolver components, AssemblyProblems problems) {
        this.components = components;
        this.problems = problems;
        this.parameters = new ComponentParameters(optimizer == null ? Map.of() : optimizer.parameters());
        this.writtenSchedule = parameters.getObject(SCHEDULE);
        this.clipping = clipping();
    }

    /** The optimizer's parameters, the platform's keys already read (so never reported as unknown). */
    ComponentParameters optimizerParameters() {
        return parameters;
    }

    GradientClipping gradientClipping() {
        return clipping == null ? GradientClipping.NONE : clipping;
    }

    private GradientClipping clipping() {
        Double norm = limit(CLIP_NORM);
        Double value = limit(CLIP_VALUE);
        if (norm != null && value != null) {
            problems.add(PATH + "." + CLIP_VALUE, "clip_norm and clip_value together: set one of them (clipping by "
                    + "value changes the gradient's direction, by norm keeps it)");
            return null;
        }
        return norm != null ? GradientClipping.byNorm(norm) : value != null ? GradientClipping.byValue(value) : null;
    }

    private Double limit(String key) {
        if (!parameters.contains(key)) {
            return null;
        }
        Object written = parameters.getObject(key);
        if (!(written instanceof Number number) || !(number.doubleValue() > 0)
                || !Double.isFinite(number.doubleValue())) {
            problems.add(PATH + "." + key, "expected a finite number > 0 but found "
                    + UserText.clip(String.valueOf(written)));
            return null;
        }
        return number.doubleValue();
    }

    /**
     * The schedule, empty when none is written, or {@code null} after reporting a problem.
     *
     * @param optimizer the optimizer created, or {@code null} when it could not be
     */
    Optional<LearningRateSchedule> schedule(Optimizer optimizer, ModelSpec spec, Optional<DataSet> train) {
        if (writtenSchedule == null) {
            return Optional.empty();
        }
        String path = PATH + "." + SCHEDULE;
        ComponentRef ref;
        if (writtenSchedule instanceof String name && !name.isBlank()) {
            ref = ComponentRef.named(name);
        } else if (writtenSchedule instanceof Map<?, ?> mapping && mapping.get("name") instanceof String name) {
            Map<String, Object> scheduleParameters = new LinkedHashMap<>();
            mapping.forEach((key, value) -> {
                if (!"name".equals(key)) {
                    scheduleParameters.put(String.valueOf(key), value);
                }
            });
            ref = new ComponentRef(name, scheduleParameters);
        } else {
            problems.add(path, "expected a schedule name or a mapping with 'name' (e.g. {name: cosine, "
                    + "warmup_epochs: 2}) but found " + UserText.clip(String.valueOf(writtenSchedule)));
            return null;
        }
        LearningRateSchedule schedule = components.create(ComponentKind.SCHEDULE, path,
                writtenSchedule instanceof Map ? path + ".name" : path, ref.name(),
                new ComponentParameters(ref.parameters()), true, LearningRateSchedule.class);
        if (schedule == null) {
            return null;
        }
        if (optimizer != null && optimizer.learningRate().isEmpty()) {
            problems.add(path, components.label(ComponentKind.OPTIMIZER, spec.optimizer().name())
                    + " takes no learning rate from a schedule (it does not implement Optimizer.learningRate() and "
                    + "step(parameters, learningRate)); remove optimizer.schedule");
            return null;
        }
        Object monitor = components.resolved().get(path).parameters().get("monitor");
        if (monitor instanceof String metric && !monitors(path + ".monitor", metric, spec, train)) {
            return null;
        }
        return Optional.of(schedule);
    }

    /** Checks that the run computes {@code metric}; reports a problem at {@code path} when it does not. */
    private boolean monitors(String path, String metric, ModelSpec spec, Optional<DataSet> train) {
        if (!EarlyStopping.METRICS.contains(metric)) {
            return true; // the schedule's own parameter check refuses names it does not know
        }
        boolean validation = spec.data() != null && spec.data().validation() != null
                || spec.training() != null && spec.training().validationSplit() != null;
        if (metric.startsWith("val_") && !validation) {
            problems.add(path, "monitors " + metric + " but there is no validation set: add data.validation or "
                    + "training.validation_split, or monitor loss");
            return false;
        }
        if (metric.endsWith("accuracy") && train.isPresent() && !train.get().labelled()) {
            problems.add(path, "monitors " + metric + ", which needs one-hot targets (class labels); monitor loss "
                    + "or val_loss");
            return false;
        }
        return true;
    }

    /**
     * {@code optimizer} as used: its own resolved parameters, then the resolved schedule and the clipping limit, so
     * that {@code nn config} shows every default.
     */
    static ComponentRef resolved(ComponentRef optimizer, Map<String, ComponentRef> components) {
        if (optimizer == null) {
            return null;
        }
        Map<String, Object> parameters = new LinkedHashMap<>(optimizer.parameters());
        Object schedule = parameters.remove(SCHEDULE);
        Object norm = parameters.remove(CLIP_NORM);
        Object value = parameters.remove(CLIP_VALUE);
        ComponentRef resolvedSchedule = components.get(PATH + "." + SCHEDULE);
        if (schedule != null) {
            parameters.put(SCHEDULE, resolvedSchedule != null ? resolvedSchedule.toYaml() : schedule);
        }
        if (norm != null) {
            parameters.put(CLIP_NORM, norm);
        }
        if (value != null) {
            parameters.put(CLIP_VALUE, value);
        }
        return new ComponentRef(optimizer.name(), parameters);
    }
}
