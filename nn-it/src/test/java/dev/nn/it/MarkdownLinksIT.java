package dev.nn.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.it.MarkdownDocs.Link;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every link of {@code README.md} and {@code docs/} leads somewhere: a relative link to a file or folder of the
 * repository that exists, and to one of its headings when it has an {@code #anchor} (GitHub's anchors, see
 * {@link MarkdownDocs#anchors}); an {@code http(s)} link is only checked to be a well-formed address with a host,
 * since the tests use no network.
 */
final class MarkdownLinksIT {
    private final Path repository = NnProcess.repository();

    @Test
    void everyLinkResolves() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : MarkdownDocs.files(repository)) {
            for (Link link : MarkdownDocs.links(repository, file)) {
                checked++;
                problem(link).ifPresent(problem -> broken.add(link.file() + ":" + link.line() + ": " + link.target()
                        + ": " + problem));
            }
        }

        assertEquals(List.of(), broken, String.join("\n", broken));
        assertTrue(checked > 50, "only " + checked + " links found: is the parser still finding them?");
    }

    private Optional<String> problem(Link link) {
        String target = link.target();
        if (target.startsWith("http://") || target.startsWith("https://")) {
            try {
                URI uri = new URI(target);
                return uri.getHost() == null ? Optional.of("no host") : Optional.empty();
            } catch (URISyntaxException e) {
                return Optional.of("not a well-formed address: " + e.getMessage());
            }
        }
        if (target.contains("://") || target.startsWith("mailto:")) {
            return Optional.of("only relative links and http(s) addresses are used in the docs");
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        if (path.startsWith("/")) {
            return Optional.of("an absolute path; link relative to the page");
        }
        Path page = repository.resolve(link.file()).getParent();
        Path resolved = path.isEmpty() ? repository.resolve(link.file()) : page.resolve(path).normalize();
        if (!resolved.startsWith(repository)) {
            return Optional.of("leads outside the repository");
        }
        if (!Files.exists(resolved)) {
            return Optional.of("no such file: " + repository.relativize(resolved));
        }
        if (anchor != null) {
            if (!resolved.toString().endsWith(".md")) {
                return Optional.of("an anchor into a file that is not Markdown");
            }
            if (!MarkdownDocs.anchors(repository, repository.relativize(resolved)).contains(anchor)) {
                return Optional.of("no heading with the anchor #" + anchor + " in "
                        + repository.relativize(resolved) + " (its anchors: "
                        + MarkdownDocs.anchors(repository, repository.relativize(resolved)) + ")");
            }
        }
        return Optional.empty();
    }
}
