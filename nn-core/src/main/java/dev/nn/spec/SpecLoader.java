package dev.nn.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nn.input.InputFiles;
import dev.nn.registry.NameSuggestions;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads model specs strictly: every problem becomes a {@link SpecProblem} with file, line, column and key path.
 *
 * <p>Besides what {@link SpecLocator} catches, binding refuses unknown keys (suggesting the nearest valid one),
 * strings where numbers belong ({@code "4"}), fractions where whole numbers belong ({@code 4.7}) and explicit nulls
 * ({@code epochs: null}). Documents are bounded: at most 64 MB, 64 levels of nesting, no aliases expanded and no
 * second document read, so hostile input fails fast in small memory. No class is ever created from the text: tags
 * are refused before Jackson sees them.
 *
 * <p>A file that begins with an integrity line ({@link ModelIntegrity}) is refused before anything in it is used
 * when the line does not match; a saved model (one with {@code metadata.provenance}) without the line is refused
 * too. A spec without either, as people write them, is read as it is.
 *
 * <p>A model file ({@code .nn}, recognised by its first bytes, whatever its name) is read by its
 * {@link ModelFileReader}: its seal replaces the integrity line, the 64 MB bound applies to the YAML inside it but
 * not to its tensors, and problems in the YAML are placed as {@code model.nn!model.yaml:12:5}.
 *
 * <p>A loader {@link #withOverrides with overrides} ({@code --set KEY=VALUE}) writes their values into the tree once
 * the file's own problems are known and before binding; its locator then places every problem at or under an
 * overridden key on the command line ({@code --set training.epochs=0 (from the command line): ...}), never at the
 * file's line that no longer says what is used.
 */
public final class SpecLoader {
    /** The largest spec file read: a saved model of about three million weights. */
    static final long MAX_FILE_BYTES = 64L * 1024 * 1024;
    static final int MAX_CODE_POINTS = (int) MAX_FILE_BYTES;
    /** At most this many problems are listed; the rest are counted. */
    static final int MAX_REPORTED = 50;
    private static final String DAMAGED = "the file is damaged or was edited: ";
    private static final int MAX_BINDING_PROBLEMS = MAX_REPORTED;
    /** Readers of saved models that are not YAML text (the {@code .nn} model file). */
    private static final List<ModelFileReader> MODEL_FILE_READERS = java.util.ServiceLoader
            .load(ModelFileReader.class, SpecLoader.class.getClassLoader()).stream()
            .map(java.util.ServiceLoader.Provider::get).toList();

    private final YAMLFactory factory;
    private final LoaderOptions options;
    private final ObjectMapper mapper;
    private final ObjectReader treeReader;
    private final List<SpecOverride> overrides;

    /** A loader without overrides. */
    public SpecLoader() {
        this(List.of());
    }

    private SpecLoader(List<SpecOverride> overrides) {
        this.overrides = List.copyOf(overrides);
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(SpecLocator.MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
        this.options = options;
        this.factory = YAMLFactory.builder().loaderOptions(options).build();
        YAMLMapper yamlMapper = YAMLMapper.builder(factory)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .build();
        yamlMapper.coercionConfigDefaults()
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        // A number where a string belongs (name: 5) is an error too, not a silent conversion to "5".
        yamlMapper.coercionConfigFor(com.fasterxml.jackson.databind.type.LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = yamlMapper;
        // The tracker reads the document once and stops at a second one; it reports that itself.
        this.treeReader = yamlMapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /**
     * This loader, applying {@code newOverrides} in order to every spec it reads, after the file's own problems are
     * checked and before binding: each value is then typed and checked like the file's, and problems with it are
     * placed on the command line ({@link SpecLocator#problem}).
     */
    public SpecLoader withOverrides(List<SpecOverride> newOverrides) {
        return newOverrides.isEmpty() && overrides.isEmpty() ? this : new SpecLoader(newOverrides);
    }

    /** The YAML mapper used for reading, configured for writing specs back too. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Reads and binds {@code file}.
     *
     * @param displayName how to name the file in messages
     * @throws SpecException with every problem found
     */
    public LoadedSpec load(Path file, String displayName) {
        Objects.requireNonNull(file, "file is null");
        for (ModelFileReader reader : MODEL_FILE_READERS) {
            if (reader.recognizes(file)) {
                return reader.read(file, displayName, this);
            }
        }
        try {
            byte[] bytes = readBytes(file, displayName);
            ModelIntegrity.Verdict integrity = ModelIntegrity.verify(bytes);
            if (integrity == ModelIntegrity.Verdict.DAMAGED) {
                throw new SpecException(new SpecProblem(displayName, 0, 0, "", DAMAGED
                        + "its integrity check (sha256) does not match; retrain or restore it"));
            }
            LoadedSpec loaded = parse(file, displayName, decode(bytes, displayName));
            ModelMetadata metadata = loaded.spec().metadata();
            if (integrity == ModelIntegrity.Verdict.ABSENT && metadata != null && metadata.provenance() != null) {
                throw new SpecException(new SpecProblem(displayName, 0, 0, "", DAMAGED
                        + "it is a saved model (it has metadata.provenance) but its integrity line (sha256) is "
                        + "missing; retrain or restore it (to edit a saved model by hand, delete "
                        + "metadata.provenance too)"));
            }
            return loaded;
        } catch (OutOfMemoryError e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "not enough memory to read this spec ("
                    + sizeOf(file) + "; nn may use at most " + Runtime.getRuntime().maxMemory() / (1024 * 1024)
                    + " MB): give it more, e.g. NN_JAVA_OPTS=-Xmx4g"));
        }
    }

    private static String sizeOf(Path file) {
        try {
            return Files.size(file) / (1024 * 1024) + " MB of YAML";
        } catch (IOException | RuntimeException e) {
            return "size unknown";
        }
    }

    /** Like {@link #load(Path, String)}, naming the file as given. */
    public LoadedSpec load(Path file) {
        return load(file, file.toString());
    }

    /**
     * Binds spec bytes that came from {@code file} (or from within it, e.g. a model file's {@code model.yaml}),
     * refusing what is not UTF-8 text as {@link #load} does; no integrity line is looked for.
     */
    public LoadedSpec parse(Path file, String displayName, byte[] bytes) {
        if (bytes.length > 0 && onlyNul(bytes)) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "holds only NUL bytes (" + bytes.length
                    + " bytes); expected a spec (YAML)"));
        }
        return parse(file, displayName, decode(bytes, displayName));
    }

    /** Binds spec text that came from {@code file}. */
    public LoadedSpec parse(Path file, String displayName, String text) {
        Objects.requireNonNull(text, "text is null");
        if (text.isBlank()) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "",
                    "the file is empty; expected a model spec (a mapping with input, layers, loss, optimizer, ...)"));
        }
        List<SpecProblem> problems = new ArrayList<>();
        JsonNode tree = null;
        SpecLocator locator;
        SpecProblem syntax = null;
        try (SpecLocator.Tracker parser = SpecLocator.track(factory, options, text)) {
            try {
                tree = treeReader.readTree(parser);
                if (tree != null && parser.nextToken() != null) {
                    throw new IllegalStateException("the tracker ends the stream after the first document");
                }
            } catch (IOException e) {
                SpecSyntaxException syntaxError = SpecSyntaxException.from(e);
                syntax = new SpecProblem(displayName, syntaxError.line(), syntaxError.column(), "",
                        syntaxError.getMessage());
            }
            locator = parser.locator();
        } catch (IOException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "cannot read the spec: " + e.getMessage()));
        }
        for (SpecLocator.Issue issue : locator.issues()) {
            problems.add(new SpecProblem(displayName, issue.line(), issue.column(), issue.path(), issue.message()));
        }
        if (syntax != null) {
            problems.add(syntax);
            throw new SpecException(limited(problems));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            problems.add(new SpecProblem(displayName, 1, 1, "", "expected a model spec (a mapping) but found nothing"));
            throw new SpecException(limited(problems));
        }
        if (!tree.isObject()) {
            problems.add(new SpecProblem(displayName, 1, 1, "", "expected a model spec (a mapping with "
                    + "input, layers, loss, optimizer, ...) but found " + locator.find("")
                    .map(SpecLocator.Entry::description).orElse(SpecValues.describe(tree))));
            throw new SpecException(limited(problems));
        }
        int fileProblems = problems.size();
        for (SpecOverride override : overrides) {
            locator = apply(override, (ObjectNode) tree, locator, problems);
        }
        if (problems.size() > fileProblems) {
            // an override that cannot be applied leaves a tree that says neither what the file nor what the
            // command line meant: binding it would only add confusing problems
            throw new SpecException(limited(problems));
        }
        List<SpecProblem> nulls = new ArrayList<>();
        if (containsNull(tree)) {
            removeNulls((ObjectNode) tree, mapper.constructType(ModelSpec.class), "", displayName, locator, nulls);
        }
        for (SpecProblem problem : nulls) {
            if (!explainedByIssue(problem, locator)) {
                problems.add(problem);
            }
        }
        ModelSpec spec = null;
        try {
            spec = bind((ObjectNode) tree, displayName, locator);
        } catch (SpecException e) {
            for (SpecProblem problem : e.problems()) {
                if (!explainedByIssue(problem, locator)) {
                    problems.add(problem);
                }
            }
            if (problems.isEmpty()) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            throw new SpecException(limited(problems));
        }
        return new LoadedSpec(file, displayName, spec, locator);
    }

    /**
     * Writes {@code override}'s value into {@code tree}, creating the mappings on its way; returns the locator that
     * places problems there on the command line, or {@code locator} after adding to {@code problems} why the value
     * or its key path cannot be used (a list index past the end, a key under something that is not a mapping, a
     * value that is not well-formed YAML or that a spec refuses, such as {@code yes}).
     */
    private SpecLocator apply(SpecOverride override, ObjectNode tree, SpecLocator locator,
                              List<SpecProblem> problems) {
        String origin = override.origin();
        JsonNode value;
        SpecLocator valueLocator;
        try (SpecLocator.Tracker parser = SpecLocator.track(factory, options, override.value())) {
            try {
                value = treeReader.readTree(parser);
            } catch (IOException e) {
                problems.add(new SpecProblem(origin, 0, 0, "", "the value is not well-formed YAML: "
                        + SpecSyntaxException.from(e).getMessage()));
                return locator;
            }
            valueLocator = parser.locator();
        } catch (IOException e) {
            problems.add(new SpecProblem(origin, 0, 0, "", "cannot read the value: " + e.getMessage()));
            return locator;
        }
        if (value == null || value.isMissingNode()) {
            value = com.fasterxml.jackson.databind.node.NullNode.getInstance();
        }
        String path = override.keyPath();
        boolean refused = false;
        for (SpecLocator.Issue issue : valueLocator.issues()) {
            problems.add(new SpecProblem(origin, 0, 0, SpecLocator.prefixed(path, issue.path()).equals(path) ? ""
                    : SpecLocator.prefixed(path, issue.path()), issue.message()));
            refused = true;
        }
        if (refused) {
            return locator;
        }
        List<String> created = new ArrayList<>();
        JsonNode node = tree;
        List<Object> segments = override.path();
        for (int i = 0; i < segments.size(); i++) {
            Object segment = segments.get(i);
            boolean last = i == segments.size() - 1;
            String parentPath = override.keyPath(i);
            String where = parentPath.isEmpty() ? "the spec" : parentPath;
            if (segment instanceof String key) {
                if (!(node instanceof ObjectNode object)) {
                    problems.add(new SpecProblem(origin, 0, 0, "", "cannot set key '" + key + "' in " + where
                            + ": it is " + SpecValues.describe(node) + ", not a mapping"
                            + (node.isArray() ? "; choose an element, e.g. " + parentPath + "[0]." + key : "")));
                    return locator;
                }
                if (last) {
                    object.set(key, value);
                } else {
                    JsonNode child = object.get(key);
                    if (child == null || child.isNull()) {
                        child = object.putObject(key);
                        created.add(override.keyPath(i + 1));
                    }
                    node = child;
                }
            } else {
                int index = (Integer) segment;
                if (!(node instanceof ArrayNode array)) {
                    problems.add(new SpecProblem(origin, 0, 0, "", "cannot take element [" + index + "] of "
                            + where + ": it is " + (node instanceof ObjectNode && created.contains(parentPath)
                            ? "absent" : SpecValues.describe(node)) + ", not a list"));
                    return locator;
                }
                if (index >= array.size()) {
                    problems.add(new SpecProblem(origin, 0, 0, "", where + " has " + array.size()
                            + (array.size() == 1 ? " element" : " elements")
                            + (array.isEmpty() ? "" : " (" + parentPath + "[0] to " + parentPath + "["
                            + (array.size() - 1) + "])") + "; there is no " + parentPath + "[" + index + "]"));
                    return locator;
                }
                if (last) {
                    array.set(index, value);
                } else {
                    node = array.get(index);
                }
            }
        }
        return locator.withCommandLine(path, override, valueLocator, created);
    }

    /**
     * Whether the locator already reported what made binding fail here: an alias reads as its name, a refused
     * number as text, a tagged or merged node as something else, so a binding problem at or around such a node
     * only repeats it in other words.
     */
    private static boolean explainedByIssue(SpecProblem problem, SpecLocator locator) {
        boolean aboutTheKey = problem.message().startsWith("unknown key");
        for (String issuePath : locator.issuePaths()) {
            if (!issuePath.isEmpty() && (aboutTheKey ? problem.path().equals(issuePath)
                    : within(problem.path(), issuePath) || within(issuePath, problem.path()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Reports and removes every explicit {@code null} given for a key of the schema ({@code epochs: null}, or an
     * empty {@code units:}), which binding could not tell from a key left out. Nulls in lists are left to binding
     * and assembly, which place them at their element; component mappings check their own parameters.
     */
    /** Whether an explicit null is anywhere in {@code node}: most specs have none, and then nothing is introspected. */
    private static boolean containsNull(JsonNode node) {
        if (node.isNull()) {
            return true;
        }
        for (JsonNode child : node) {
            if (containsNull(child)) {
                return true;
            }
        }
        return false;
    }

    private void removeNulls(JsonNode node, JavaType type, String path, String file, SpecLocator locator,
                             List<SpecProblem> problems) {
        if (type == null || node == null) {
            return;
        }
        if (node.isArray() && type.getContentType() != null) {
            for (int i = 0; i < node.size(); i++) {
                removeNulls(node.get(i), type.getContentType(), path + "[" + i + "]", file, locator, problems);
            }
            return;
        }
        if (!(node instanceof ObjectNode object) || type.getRawClass() == ComponentRef.class
                || type.isMapLikeType() || type.isContainerType()) {
            return;
        }
        BeanDescription description = mapper.getDeserializationConfig().introspect(type);
        Map<String, JavaType> properties = new java.util.HashMap<>();
        for (BeanPropertyDefinition property : description.findProperties()) {
            properties.put(property.getName(), property.getPrimaryType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            JavaType childType = properties.get(field.getKey());
            if (field.getValue().isNull()) {
                problems.add(locator.problem(file, childPath, "expected "
                        + (childType == null ? "a value" : expected(childType.getRawClass()))
                        + " but found null"));
                fields.remove();
            } else {
                removeNulls(field.getValue(), childType, childPath, file, locator, problems);
            }
        }
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || !ancestor.isEmpty() && path.startsWith(ancestor)
                && (path.charAt(ancestor.length()) == '.' || path.charAt(ancestor.length()) == '[');
    }

    /** The first {@value #MAX_REPORTED} problems in file order, and one line counting the rest. */
    private static List<SpecProblem> limited(List<SpecProblem> problems) {
        if (problems.size() <= MAX_REPORTED) {
            return problems;
        }
        List<SpecProblem> sorted = new SpecException(problems).problems();
        List<SpecProblem> shown = new ArrayList<>(sorted.subList(0, MAX_REPORTED));
        SpecProblem next = sorted.get(MAX_REPORTED);
        shown.add(new SpecProblem(next.file(), next.line(), next.column(), "", (sorted.size() - MAX_REPORTED)
                + " more problems from here on are not listed; fix the ones above first"));
        return shown;
    }

    /**
     * Binds the tree, collecting every binding problem: after each failure the offending key (or the list holding
     * an offending element) is removed and binding is tried again, so one run reports them all.
     */
    private ModelSpec bind(ObjectNode tree, String displayName, SpecLocator locator) {
        List<SpecProblem> problems = new ArrayList<>();
        for (int attempt = 0; attempt < MAX_BINDING_PROBLEMS; attempt++) {
            try {
                ModelSpec spec = mapper.treeToValue(tree, ModelSpec.class);
                if (problems.isEmpty()) {
                    return spec;
                }
                break;
            } catch (JsonProcessingException e) {
                problems.add(bindingProblem(displayName, locator, tree, e));
                if (!(e instanceof JsonMappingException mapping) || !remove(tree, mapping.getPath())) {
                    break;
                }
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem(displayName, 0, 0, "", e.getMessage()));
                break;
            }
        }
        throw new SpecException(problems);
    }

    /** Removes the node at {@code path} (or, for a list element, the whole list); false when there is none. */
    private static boolean remove(ObjectNode root, List<JsonMappingException.Reference> path) {
        JsonNode parent = root;
        for (int i = 0; i < path.size(); i++) {
            JsonMappingException.Reference reference = path.get(i);
            boolean last = i == path.size() - 1;
            if (reference.getFieldName() != null && parent instanceof ObjectNode object) {
                JsonNode child = object.get(reference.getFieldName());
                if (child == null) {
                    return false;
                }
                boolean nextIsIndex = !last && path.get(i + 1).getFieldName() == null;
                boolean childIsNumberList = child.isArray() && nextIsIndex && isNumberListPath(path, i + 1);
                if (last || childIsNumberList) {
                    object.remove(reference.getFieldName());
                    return true;
                }
                parent = child;
            } else if (reference.getIndex() >= 0 && parent instanceof ArrayNode array
                    && reference.getIndex() < array.size()) {
                if (last) {
                    return false;
                }
                parent = array.get(reference.getIndex());
            } else {
                return false;
            }
        }
        return false;
    }

    /** Whether the rest of the path is only list indices (an element of a list of numbers or of rows). */
    private static boolean isNumberListPath(List<JsonMappingException.Reference> path, int from) {
        for (int i = from; i < path.size(); i++) {
            if (path.get(i).getFieldName() != null) {
                return false;
            }
        }
        return true;
    }

    /** The node at {@code path} in {@code root}, or {@code null}. */
    private static JsonNode nodeAt(JsonNode root, List<JsonMappingException.Reference> path) {
        JsonNode node = root;
        for (JsonMappingException.Reference reference : path) {
            if (node == null) {
                return null;
            }
            if (reference.getFieldName() != null) {
                node = node.isObject() ? node.get(reference.getFieldName()) : null;
            } else if (reference.getIndex() >= 0) {
                node = node.isArray() ? node.get(reference.getIndex()) : null;
            } else {
                return null;
            }
        }
        return node;
    }

    private static byte[] readBytes(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "",
                    "is a directory; expected a spec file (YAML)"));
        }
        Optional<String> kind = InputFiles.notRegular(file);
        if (kind.isPresent()) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", kind.get()));
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SpecException(new SpecProblem(displayName, 0, 0, "", "the file is " + size
                        + " bytes; a spec may be at most " + MAX_FILE_BYTES + " bytes (64 MB); refused unread (save a "
                        + "model this large as a model file, --save MODEL.nn)"));
            }
            bytes = readAtMost(file, MAX_FILE_BYTES);
            if (bytes == null) {
                throw new SpecException(new SpecProblem(displayName, 0, 0, "", "the file is larger than "
                        + MAX_FILE_BYTES + " bytes (64 MB), the most a spec may be; refused"));
            }
        } catch (NoSuchFileException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "no such file"));
        } catch (AccessDeniedException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "cannot read the file: " + e.getMessage()));
        }
        if (bytes.length > 0 && onlyNul(bytes)) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "holds only NUL bytes (" + bytes.length
                    + " bytes); expected a spec file (YAML)"));
        }
        return bytes;
    }

    private static String decode(byte[] bytes, String displayName) {
        int invalid = firstInvalidByte(bytes);
        if (invalid >= 0) {
            throw new SpecException(new SpecProblem(displayName, lineOf(bytes, invalid), columnOf(bytes, invalid), "",
                    "the file is not UTF-8 text: invalid byte 0x"
                            + String.format("%02X", bytes[invalid] & 0xFF) + " at byte offset " + invalid));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean onlyNul(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The file's bytes, or {@code null} when it holds more than {@code limit} (it may grow while read). */
    private static byte[] readAtMost(Path file, long limit) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) limit);
            return in.read() < 0 ? bytes : null;
        }
    }

    /** The offset of the first byte that is not part of valid UTF-8, or -1; decodes in small pieces. */
    static int firstInvalidByte(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(8192);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isUnderflow()) {
                CoderResult flushed = decoder.flush(out.clear());
                return flushed.isError() ? in.position() : -1;
            }
            out.clear();
        }
    }

    private static int lineOf(byte[] bytes, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    /** The 1-based column of {@code offset}, counting characters (not bytes) from the start of its line. */
    private static int columnOf(byte[] bytes, int offset) {
        int column = 1;
        for (int i = offset - 1; i >= 0 && bytes[i] != '\n'; i--) {
            if ((bytes[i] & 0xC0) != 0x80) {
                column++;
            }
        }
        return column;
    }

    static SpecProblem bindingProblem(String file, SpecLocator locator, JsonNode root, JsonProcessingException e) {
        List<JsonMappingException.Reference> references = e instanceof JsonMappingException mapping
                ? mapping.getPath() : List.of();
        String path = path(references);
        if (e instanceof ValueInstantiationException
                && e.getCause() instanceof ComponentRef.InvalidParameterException parameter) {
            path = path + "." + parameter.key();
        }
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        SpecLocator.Entry entry = locator.find(path).orElse(null);
        if (entry != null) {
            line = entry.line();
            column = entry.column();
        }
        String found = found(locator, root, references, path);
        String message;
        com.fasterxml.jackson.core.exc.InputCoercionException coercion = coercionCause(e);
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> valid = unknown.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            String key = unknown.getPropertyName();
            message = "unknown key '" + key + "'"
                    + NameSuggestions.didYouMean(key, valid)
                    + "; valid keys here: " + String.join(", ", valid);
        } else if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            message = instantiation.getCause().getMessage();
        } else if (coercion != null) {
            boolean isLong = coercion.getTargetType() == long.class || coercion.getTargetType() == Long.class;
            message = "expected a whole number from " + (isLong ? Long.MIN_VALUE : Integer.MIN_VALUE) + " to "
                    + (isLong ? Long.MAX_VALUE : Integer.MAX_VALUE) + " but found " + found;
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isArray() && !path.isEmpty() && path.endsWith("]")
                && (mismatch.getTargetType() == double[].class)) {
            message = "expected a number but found " + found;
        } else if (e instanceof InvalidFormatException format) {
            message = "expected " + expected(format.getTargetType()) + " but found " + found;
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + expected(mismatch.getTargetType()) + " but found " + found;
        } else if (e instanceof InvalidDefinitionException definition && definition.getType() != null) {
            // e.g. a string where a list of rows belongs: Jackson looks for a constructor from a string
            message = "expected " + expected(definition.getType().getRawClass()) + " but found " + found;
        } else {
            message = e.getOriginalMessage();
        }
        if (locator.commandLine(path).isPresent()) {
            return locator.problem(file, path, message);
        }
        return new SpecProblem(file, line, column, path, message);
    }

    /** What the document has at {@code path}: as written when the locator recorded it, else from the tree. */
    private static String found(SpecLocator locator, JsonNode root, List<JsonMappingException.Reference> references,
                                String path) {
        SpecLocator.Entry exact = locator.exact(path).orElse(null);
        if (exact != null && !exact.description().startsWith("the key")) {
            return exact.description();
        }
        JsonNode node = nodeAt(root, references);
        return node == null ? "nothing" : SpecValues.describe(node);
    }

    private static com.fasterxml.jackson.core.exc.InputCoercionException coercionCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException coercion) {
                return coercion;
            }
        }
        return null;
    }

    static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static String expected(Type type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Double.class || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == double[].class) {
            return "a list of numbers";
        }
        if (type == double[][].class) {
            return "a list of rows, each a list of numbers";
        }
        if (type == ComponentRef.class) {
            return "a name or a mapping with 'name'";
        }
        if (type == Object.class) {
            return "a list"; // data sets' targets: rows of numbers, or column names for a format
        }
        if (type instanceof Class<?> c && (List.class.isAssignableFrom(c) || c.isArray())) {
            return "a list";
        }
        return "a mapping";
    }
}
