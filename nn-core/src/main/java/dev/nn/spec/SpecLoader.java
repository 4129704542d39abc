package dev.nn.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
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
    static final int MAX_CODE_POINTS = 64 * 1024 * 1024;
    static final int MAX_DEPTH = 64;

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
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        ModelSpec spec;
        try {
            spec = mapper.readValue(text, ModelSpec.class);
        } catch (JsonProcessingException e) {
            throw new SpecException(bindingProblem(displayName, locator, e));
        }
        if (spec == null) {
            throw new SpecException(new SpecProblem(displayName, 1, 1, "",
                    "expected a model spec (a mapping) but found null"));
        }
        return new LoadedSpec(file, displayName, spec, locator);
    }

    private static String readText(Path file, String displayName) {
        if (Files.isDirectory(file)) {
            throw new SpecException(new SpecProblem(displayName, 0, 0, "",
                    "is a directory; expected a spec file (YAML)"));
        }
        byte[] bytes;
        try {
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
