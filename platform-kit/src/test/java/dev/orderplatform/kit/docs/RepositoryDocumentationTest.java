package dev.orderplatform.kit.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.orderplatform.kit.testing.RunningStack;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The repository's documentation stands on its own: every relative link and image in every Markdown file leads to a
 * file of the repository (and an {@code #anchor} to a heading of it), and no file refers to documents that live
 * outside the repository. Checked here, in the first module the build tests, so a dead link fails the build early.
 */
class RepositoryDocumentationTest {

    private static final Set<String> NOT_SOURCES = Set.of("target", ".run", ".git", "node_modules", ".mvn");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("!?\\[(?:[^\\[\\]]|\\[[^\\]]*])*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern HTML_LINK = Pattern.compile("<(?:img|a)\\b[^>]*\\b(?:src|href)=\"([^\"]+)\"", Pattern.CASE_INSENSITIVE);
    private static final Pattern FENCED_CODE = Pattern.compile("(?ms)^(```|~~~).*?^\\1[^\\n]*$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+)(?:(?!\\1).)+?\\1", Pattern.DOTALL);
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:.*|^//.*");
    /** Documents the project was once described by, kept outside the repository: nothing may point there. */
    private static final Pattern OUTSIDE_DOCUMENTS = Pattern.compile("\\.\\./shared|\\bAPI\\.md|\\bDESIGN\\.md|INFRA-NOTES");

    private final Path root = RunningStack.repositoryRoot();
    private final Map<Path, Set<String>> anchorsByFile = new HashMap<>();

    @Test
    void everyRelativeLinkLeadsToAFileOfTheRepositoryAndAnExistingHeading() {
        List<String> dead = new ArrayList<>();
        int checked = 0;
        for (Path markdown : files(".md")) {
            String text = withoutCode(read(markdown));
            for (String target : linkTargets(text)) {
                if (URL_SCHEME.matcher(target).matches()) {
                    continue;
                }
                checked++;
                String where = root.relativize(markdown) + ": " + target;
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                Path destination = path.isEmpty() ? markdown
                        : markdown.getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
                if (!destination.startsWith(root)) {
                    dead.add(where + " (outside the repository)");
                } else if (!Files.exists(destination)) {
                    dead.add(where + " (no such file)");
                } else if (hash >= 0 && !anchorsOf(destination).contains(target.substring(hash + 1))) {
                    dead.add(where + " (no such heading)");
                }
            }
        }
        assertThat(checked).as("links found (the scan itself works)").isGreaterThan(50);
        assertThat(dead).as("dead relative links").isEmpty();
    }

    @Test
    void noFileRefersToDocumentsOutsideTheRepository() {
        List<String> references = new ArrayList<>();
        for (String extension : List.of(".md", ".java", ".xml", ".yml", ".yaml", ".properties", ".js", ".html", ".sh")) {
            for (Path file : files(extension)) {
                if (file.endsWith(Path.of("RepositoryDocumentationTest.java"))) {
                    continue;
                }
                String[] lines = read(file).split("\n", -1);
                for (int i = 0; i < lines.length; i++) {
                    if (OUTSIDE_DOCUMENTS.matcher(lines[i]).find()) {
                        references.add(root.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                    }
                }
            }
        }
        assertThat(references).as("references to documents that are not in the repository (the contract is docs/api.md, "
                + "the invariants docs/architecture.md)").isEmpty();
    }

    @Test
    void theRepositoryCarriesItsLicenseAndTheDocumentsTheReadmeNames() {
        assertThat(read(root.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
        assertThat(linkTargets(read(root.resolve("README.md"))))
                .contains("docs/api.md", "docs/architecture.md", "docs/tcc.md", "docs/deploying.md", "LICENSE");
    }

    /** GitHub's heading anchors: lower case, punctuation other than - and _ dropped, spaces to -, repeats numbered. */
    private Set<String> anchorsOf(Path markdown) {
        return anchorsByFile.computeIfAbsent(markdown, file -> {
            Set<String> anchors = new HashSet<>();
            Map<String, Integer> seen = new HashMap<>();
            Matcher heading = HEADING.matcher(FENCED_CODE.matcher(read(file)).replaceAll(""));
            while (heading.find()) {
                String slug = heading.group(1).toLowerCase()
                        .replaceAll("<[^>]+>", "")
                        .replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1")
                        .replace("`", "")
                        .replaceAll("[^\\p{L}\\p{N}_\\- ]", "")
                        .replace(' ', '-');
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
            Matcher named = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"").matcher(read(file));
            while (named.find()) {
                anchors.add(named.group(1));
            }
            return anchors;
        });
    }

    private static List<String> linkTargets(String text) {
        List<String> targets = new ArrayList<>();
        for (Pattern link : List.of(MARKDOWN_LINK, HTML_LINK)) {
            Matcher matcher = link.matcher(text);
            while (matcher.find()) {
                targets.add(matcher.group(1));
            }
        }
        return targets;
    }

    /** Code is shown, not linked: a {@code [x](y)} inside a code block or span is not a link. */
    private static String withoutCode(String markdown) {
        return INLINE_CODE.matcher(FENCED_CODE.matcher(markdown).replaceAll("")).replaceAll("");
    }

    private List<Path> files(String extension) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(extension))
                    .filter(file -> {
                        for (Path part : root.relativize(file)) {
                            if (NOT_SOURCES.contains(part.toString())) {
                                return false;
                            }
                        }
                        return true;
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
