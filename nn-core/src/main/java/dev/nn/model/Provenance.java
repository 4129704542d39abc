package dev.nn.model;

import dev.nn.registry.ComponentDiscovery;
import dev.nn.registry.DiscoveredComponent;
import dev.nn.spec.ModelMetadata;
import dev.nn.spec.SpecProblem;
import dev.nn.train.EpochReport;
import dev.nn.train.Metrics;
import dev.nn.train.TrainingResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How a saved model was made, and the check that what it was made with is still there: every plugin jar a model
 * uses is recorded with its version and SHA-256, and loading the model again compares them; every data file is
 * recorded with its SHA-256, which {@link #dataChanges} compares when the model's own data is read again.
 */
public final class Provenance {
    private Provenance() {
    }

    /**
     * The metadata a saved model carries. Its {@code final_metrics} describe the parameters the network holds:
     * after early stopping restored the best epoch, that epoch's ({@code restored_epoch}); else the last finished
     * epoch's. {@code final_metrics_epoch} names the epoch they are from.
     *
     * @param platformVersion the platform's version
     * @param test the test set's metrics, when there is a test set
     */
    public static ModelMetadata metadata(Model model, TrainingResult result, Optional<Metrics> test,
                                         String platformVersion) {
        Map<String, Object> extra = new LinkedHashMap<>();
        if (result.restoredEpoch() > 0) {
            extra.put("restored_epoch", result.restoredEpoch());
        }
        return metadata(model, result.epochs().size(), extra, Optional.of(result.ofHeldParameters()), test,
                platformVersion, Provenance::sha256);
    }

    /**
     * The metadata of a training checkpoint, whose parameters are those of the point it was written at: its
     * {@code final_metrics} are the last epoch's at an epoch's end, and absent mid-epoch (no metrics describe
     * those parameters); {@code checkpoint} says where training was ({@code epoch} in progress or next,
     * {@code batch} of it done).
     *
     * @param epochs the finished epochs' metrics
     * @param epoch the epoch in progress or next
     * @param batch the batches of it done
     * @param hashes the SHA-256 of the spec and data files, computed once for all of a run's checkpoints
     */
    public static ModelMetadata checkpointMetadata(Model model, List<EpochReport> epochs, int epoch, int batch,
                                                   String platformVersion, Map<Path, String> hashes) {
        Map<String, Object> position = new LinkedHashMap<>();
        position.put("epoch", epoch);
        position.put("batch", batch);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("checkpoint", position);
        Optional<EpochReport> described = batch == 0 && !epochs.isEmpty()
                ? Optional.of(epochs.get(epochs.size() - 1)) : Optional.empty();
        return metadata(model, epochs.size(), extra, described, Optional.empty(), platformVersion,
                file -> hashes.computeIfAbsent(file, Provenance::sha256));
    }

    private static ModelMetadata metadata(Model model, int epochsRun, Map<String, Object> extra,
                                          Optional<EpochReport> described, Optional<Metrics> test,
                                          String platformVersion, Function<Path, String> sha256) {
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("platform_version", platformVersion);
        provenance.put("trained_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        provenance.put("spec", model.spec().file().toString());
        provenance.put("spec_sha256", sha256.apply(model.spec().file()));
        provenance.put("seed", model.training().seed());
        provenance.put("dtype", model.network().dataType().specName());
        provenance.put("epochs_run", epochsRun);
        provenance.putAll(extra);
        if (described.isPresent()) {
            EpochReport report = described.get();
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("loss", report.loss());
            report.accuracy().ifPresent(a -> metrics.put("accuracy", a));
            report.validation().ifPresent(v -> {
                metrics.put("val_loss", v.loss());
                v.accuracy().ifPresent(a -> metrics.put("val_accuracy", a));
            });
            test.ifPresent(t -> {
                metrics.put("test_loss", t.loss());
                t.accuracy().ifPresent(a -> metrics.put("test_accuracy", a));
            });
            provenance.put("final_metrics", metrics);
            provenance.put("final_metrics_epoch", report.epoch());
        }
        List<Map<String, Object>> files = new ArrayList<>();
        for (Path file : model.data().files()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", file.toAbsolutePath().normalize().toString());
            entry.put("sha256", sha256.apply(file));
            files.add(entry);
        }
        provenance.put("data_files", files);
        provenance.put("plugins", plugins(model.components()));
        List<String> classes = model.data().classNames();
        List<String> features = model.data().featureNames();
        return new ModelMetadata(classes.isEmpty() ? null : classes, features.isEmpty() ? null : features,
                model.data().inputScale(), provenance);
    }

    /** Each distinct plugin jar the components come from: component names, jar, version, SHA-256. */
    public static List<Map<String, Object>> plugins(List<DiscoveredComponent> components) {
        Map<String, Map<String, Object>> byJar = new LinkedHashMap<>();
        for (DiscoveredComponent component : components) {
            if (component.origin().builtIn()) {
                continue;
            }
            Path jar = jarOf(component);
            Map<String, Object> entry = byJar.computeIfAbsent(jar.toString(), key -> {
                Map<String, Object> fresh = new LinkedHashMap<>();
                fresh.put("jar", jar.getFileName().toString());
                fresh.put("path", jar.toString());
                fresh.put("version", component.origin().version().orElse("unknown"));
                fresh.put("sha256", sha256(jar));
                fresh.put("components", new ArrayList<String>());
                return fresh;
            });
            @SuppressWarnings("unchecked")
            List<String> names = (List<String>) entry.get("components");
            names.add(component.kind().displayName() + " " + component.name());
        }
        return new ArrayList<>(byJar.values());
    }

    private static Path jarOf(DiscoveredComponent component) {
        return ComponentDiscovery.codeLocation(component.implementation())
                .orElse(Path.of(component.origin().location()));
    }

    /**
     * Warnings for a model whose metadata names plugin jars that are missing or have changed since it was trained.
     */
    @SuppressWarnings("unchecked")
    public static List<SpecProblem> check(Model model) {
        ModelMetadata metadata = model.spec().spec().metadata();
        if (metadata == null || metadata.provenance() == null
                || !(metadata.provenance().get("plugins") instanceof List<?> recorded)) {
            return List.of();
        }
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        for (Map<String, Object> entry : plugins(model.components())) {
            current.put((String) entry.get("jar"), entry);
        }
        List<SpecProblem> warnings = new ArrayList<>();
        for (Object item : recorded) {
            if (!(item instanceof Map<?, ?> entry)) {
                continue;
            }
            Object jar = entry.get("jar");
            Map<String, Object> now = current.get(String.valueOf(jar));
            if (now == null) {
                warnings.add(model.spec().problem("metadata.provenance.plugins", "the model was trained with plugin "
                        + jar + " " + entry.get("version") + ", which is not loaded now"));
            } else if (!String.valueOf(entry.get("sha256")).equals(now.get("sha256"))) {
                warnings.add(model.spec().problem("metadata.provenance.plugins", "plugin " + jar
                        + " has changed since the model was trained: it was version " + entry.get("version")
                        + " (sha256 " + entry.get("sha256") + "), it is now version " + now.get("version")
                        + " (sha256 " + now.get("sha256") + ")"));
            }
        }
        return warnings;
    }

    /**
     * A data file whose content is not what the model was trained on.
     *
     * @param file the file read now
     * @param recorded its SHA-256 when the model was trained
     * @param current its SHA-256 now
     */
    public record DataChange(Path file, String recorded, String current) {
    }

    /**
     * The data files of a saved model that have changed since it was trained: each file read now is compared with
     * the provenance's {@code data_files} entry at the same position (the saved spec reads its sets in the same
     * order), or, when the lists differ in length, with the entry of the same path. Empty for a spec without
     * provenance.
     */
    public static List<DataChange> dataChanges(Model model) {
        ModelMetadata metadata = model.spec().spec().metadata();
        if (metadata == null || metadata.provenance() == null
                || !(metadata.provenance().get("data_files") instanceof List<?> recorded)) {
            return List.of();
        }
        List<Path> files = model.data().files();
        List<DataChange> changes = new ArrayList<>();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            String path = file.toAbsolutePath().normalize().toString();
            Object entry = recorded.size() == files.size() ? recorded.get(i) : recorded.stream()
                    .filter(e -> e instanceof Map<?, ?> m && path.equals(m.get("path"))).findFirst().orElse(null);
            if (entry instanceof Map<?, ?> map && map.get("sha256") instanceof String sha) {
                String now = sha256(file);
                if (!sha.equals(now)) {
                    changes.add(new DataChange(file, sha, now));
                }
            }
        }
        return changes;
    }

    /**
     * What changed, in one line, for {@code nn} and the Java API to finish with their own remedy: {@code model.yaml:
     * data file /data/iris.csv has changed since the model was trained (sha256 was 9cc1c345c71b..., is now
     * 3de6d9ae75a1...), and 1 more data file}; empty when nothing changed ({@link #dataChanges}).
     */
    public static Optional<String> describeDataChanges(Model model) {
        List<DataChange> changes = dataChanges(model);
        if (changes.isEmpty()) {
            return Optional.empty();
        }
        DataChange first = changes.get(0);
        return Optional.of(model.spec().displayName() + ": data file " + first.file() + " has changed since the "
                + "model was trained (sha256 was " + shortHash(first.recorded()) + ", is now "
                + shortHash(first.current()) + ")" + (changes.size() > 1 ? ", and " + (changes.size() - 1)
                + " more data file" + (changes.size() > 2 ? "s" : "") : ""));
    }

    /** The first 12 hex digits of a SHA-256, enough to tell two apart. */
    private static String shortHash(String hex) {
        return hex.length() > 12 ? hex.substring(0, 12) + "..." : hex;
    }

    /** The SHA-256 of a file, in hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " to hash it: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
