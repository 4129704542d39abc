package dev.nn.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nn.registry.NameSuggestions;
import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Reads model specs strictly: every problem becomes a {@link SpecProblem} with file, line, column and key path.
 *
 * <p>Besides what {@link SpecLocator} catches, binding refuses unknown keys (suggesting the nearest valid one),
 * strings where numbers belong ({@code "4"}), fractions where whole numbers belong ({@code 4.7}) and nulls in
 * number lists. Documents are bounded: at most {@value #MAX_CODE_POINTS} characters, {@value #MAX_DEPTH} levels of
 * nesting and no aliases, so hostile input fails fast in small memory. No class is ever created from the text.
 */
public final class SpecLoader {
    static final int MAX_CODE_POINTS = 128 * 1024 * 1024;
    static final int MAX_DEPTH = 64;
    /** The largest spec file read; a saved model of a few million weights fits. */
    static final long MAX_FILE_BYTES = 128L * 1024 * 1024;
    private static final int MAX_BINDING_PROBLEMS = 100;

    private final YAMLFactory factory;
    private final ObjectMapper mapper;

    public SpecLoader() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(0);
        options.setNestingDepthLimit(MAX_DEPTH);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowRecursiveKeys(false);
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
        this.mapper = yamlMapper;
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
        String text = readText(file, displayName);
        return parse(file, displayName, text);
    }

    /** Like {@link #load(Path, String)}, naming the file as given. */
    public LoadedSpec load(Path file) {
        return load(file, file.toString());
    }

    /** Binds spec text that came from {@code file}. */
    public LoadedSpec parse(Path file, String displayName, String text) {
        if (text.isBlank()) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "",
                    "the file is empty; expected a model spec (a mapping with input, layers, loss, optimizer, ...)"));
        }
        SpecLocator locator;
        try {
            locator = SpecLocator.index(factory, text);
        } catch (SpecSyntaxException e) {
            throw new SpecException(new SpecProblem(displayName, e.line(), e.column(), "", e.getMessage()));
        }
        List<SpecProblem> problems = new ArrayList<>();
        for (SpecLocator.Issue issue : locator.issues()) {
            problems.add(new SpecProblem(displayName, issue.line(), issue.column(), issue.path(), issue.message()));
        }
        JsonNode tree;
        try {
            tree = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(bindingProblem(displayName, locator, e));
        }
        if (tree == null || tree.isMissingNode() || tree.isNull()) {
            throw new SpecException(new SpecProblem(displayName, 1, 1, "",
                    "expected a model spec (a mapping) but found nothing"));
        }
        if (!tree.isObject()) {
            throw new SpecException(new SpecProblem(displayName, 1, 1, "", "expected a model spec (a mapping with "
                    + "input, layers, loss, optimizer, ...) but found " + locator.find("").map(SpecLocator.Entry::description)
                    .orElse(SpecValues.describe(tree))));
        }
        ModelSpec spec;
        try {
            spec = bind((ObjectNode) tree, displayName, locator);
        } catch (SpecException e) {
            problems.addAll(e.problems());
            throw new SpecException(problems);
        }
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return new LoadedSpec(file, displayName, spec, locator);
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
                problems.add(bindingProblem(displayName, locator, e));
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

    private static String readText(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "",
                    "is a directory; expected a spec file (YAML)"));
        }
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new SpecException(new SpecProblem(displayName, 0, 0, "", "the file is " + size
                        + " bytes; a spec may be at most " + MAX_FILE_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "no such file"));
        } catch (AccessDeniedException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "cannot read the file: permission denied"));
        } catch (IOException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "cannot read the file: " + e.getMessage()));
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (MalformedInputException e) {
            int offset = firstInvalidByte(bytes);
            throw new SpecException(new SpecProblem(displayName, lineOf(bytes, offset), 0, "",
                    "the file is not UTF-8 text: invalid byte 0x"
                            + String.format("%02X", bytes[offset] & 0xFF) + " at byte offset " + offset));
        } catch (CharacterCodingException e) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "", "the file is not UTF-8 text"));
        }
    }

    private static int firstInvalidByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
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

    static SpecProblem bindingProblem(String file, SpecLocator locator, JsonProcessingException e) {
        String path = e instanceof JsonMappingException mapping ? path(mapping.getPath()) : "";
        int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
        int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
        SpecLocator.Entry entry = locator.find(path).orElse(null);
        if (entry != null) {
            line = entry.line();
            column = entry.column();
        }
        String found = entry == null || entry.description().startsWith("the key") ? "nothing" : entry.description();
        String message;
        if (e instanceof UnrecognizedPropertyException unknown) {
            TreeSet<String> valid = unknown.getKnownPropertyIds().stream().map(Object::toString)
                    .collect(Collectors.toCollection(TreeSet::new));
            String key = unknown.getPropertyName();
            message = "unknown key '" + key + "'"
                    + NameSuggestions.closest(key, valid).map(s -> "; did you mean '" + s + "'?").orElse("")
                    + "; valid keys here: " + String.join(", ", valid);
        } else if (e instanceof ValueInstantiationException instantiation && instantiation.getCause() != null) {
            message = instantiation.getCause().getMessage();
        } else if (e instanceof com.fasterxml.jackson.core.exc.InputCoercionException
                || e.getCause() instanceof com.fasterxml.jackson.core.exc.InputCoercionException) {
            message = "expected a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    + " but found " + found;
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isArray() && !path.isEmpty() && path.endsWith("]")
                && (mismatch.getTargetType() == double[].class)) {
            message = "expected a number but found " + found;
        } else if (e instanceof InvalidFormatException format) {
            message = "expected " + expected(format.getTargetType()) + " but found " + found;
        } else if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "expected " + expected(mismatch.getTargetType()) + " but found " + found;
        } else {
            message = e.getOriginalMessage();
        }
        return new SpecProblem(file, line, column, path, message);
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
        if (type instanceof Class<?> c && (List.class.isAssignableFrom(c) || c.isArray())) {
            return "a list";
        }
        return "a mapping";
    }
}
