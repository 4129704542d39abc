package dev.nn.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The project's Markdown documentation as the tests read it: {@code README.md} and every {@code .md} file under
 * {@code docs/}, their fenced code blocks with the marker comment before each, their headings' anchors and their
 * links. Only what the documentation uses is parsed: fences of three or more backticks (indented in lists too), ATX
 * headings, inline links.
 */
final class MarkdownDocs {
    private static final Pattern FENCE = Pattern.compile("^(\\s*)(`{3,})\\s*([\\w+-]*)\\s*$");
    private static final Pattern MARKER = Pattern.compile("^\\s*<!--\\s*(.*?)\\s*-->\\s*$");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[([^\\]]*)\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`+[^`]*`+");

    private MarkdownDocs() {
    }

    /**
     * One fenced code block.
     *
     * @param file the Markdown file, relative to the repository
     * @param line the line of the opening fence, from 1
     * @param language the fence's info string ({@code console}, {@code yaml}, ...), empty when none
     * @param marker the text of the HTML comment on the line before the fence, if any
     * @param lines the block's lines, without the fence's indentation
     */
    record Block(Path file, int line, String language, Optional<String> marker, List<String> lines) {
        String where() {
            return file + ":" + line;
        }

        String text() {
            return String.join("\n", lines) + "\n";
        }
    }

    /** A link in the text, outside code. */
    record Link(Path file, int line, String target) {
    }

    /** {@code README.md} and every {@code .md} file under {@code docs/}, relative to the repository, sorted. */
    static List<Path> files(Path repository) {
        List<Path> files = new ArrayList<>();
        files.add(Path.of("README.md"));
        try (Stream<Path> walk = Files.walk(repository.resolve("docs"))) {
            walk.filter(p -> p.toString().endsWith(".md")).map(repository::relativize).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + repository.resolve("docs"), e);
        }
        return files;
    }

    static List<String> lines(Path repository, Path file) {
        try {
            return Files.readAllLines(repository.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The fenced code blocks of {@code file}, in order. */
    static List<Block> blocks(Path repository, Path file) {
        List<String> lines = lines(repository, file);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            Optional<String> marker = Optional.empty();
            for (int back = i - 1; back >= 0; back--) {
                if (lines.get(back).isBlank()) {
                    continue;
                }
                Matcher comment = MARKER.matcher(lines.get(back));
                if (comment.matches()) {
                    marker = Optional.of(comment.group(1));
                }
                break;
            }
            List<String> body = new ArrayList<>();
            int end = i + 1;
            while (end < lines.size() && !lines.get(end).strip().equals(fence)) {
                String line = lines.get(end);
                body.add(line.startsWith(indent) ? line.substring(indent.length()) : line.stripLeading());
                end++;
            }
            if (end == lines.size()) {
                throw new AssertionError(file + ":" + (i + 1) + ": a code block that is never closed");
            }
            blocks.add(new Block(file, i + 1, open.group(3).toLowerCase(Locale.ROOT), marker, List.copyOf(body)));
            i = end;
        }
        return blocks;
    }

    /**
     * The anchors GitHub gives the headings of {@code file}: the heading's text in lower case, without inline code
     * marks and links' targets, every character but letters, digits, spaces, hyphens and underscores dropped, spaces
     * turned into hyphens; a repeated anchor gets {@code -1}, {@code -2}, ...
     */
    static Set<String> anchors(Path repository, Path file) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : outsideCode(lines(repository, file))) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String anchor = anchor(heading.group(2));
                int count = seen.merge(anchor, 1, Integer::sum);
                anchors.add(count == 1 ? anchor : anchor + "-" + (count - 1));
            }
        }
        return anchors;
    }

    static String anchor(String heading) {
        String text = LINK.matcher(heading).replaceAll("$1");
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
    }

    /** The inline links of {@code file}, outside fenced blocks and code spans. */
    static List<Link> links(Path repository, Path file) {
        List<String> lines = lines(repository, file);
        List<Link> links = new ArrayList<>();
        boolean inBlock = false;
        String fence = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher open = FENCE.matcher(line);
            if (!inBlock && open.matches()) {
                inBlock = true;
                fence = open.group(2);
                continue;
            }
            if (inBlock) {
                inBlock = !line.strip().equals(fence);
                continue;
            }
            Matcher link = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (link.find()) {
                links.add(new Link(file, i + 1, link.group(2)));
            }
        }
        return links;
    }

    private static List<String> outsideCode(List<String> lines) {
        List<String> outside = new ArrayList<>();
        String fence = null;
        for (String line : lines) {
            Matcher open = FENCE.matcher(line);
            if (fence == null && open.matches()) {
                fence = open.group(2);
            } else if (fence != null && line.strip().equals(fence)) {
                fence = null;
            } else if (fence == null) {
                outside.add(line);
            }
        }
        return outside;
    }
}
