package dev.afl.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.zip.ZipFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Lists each function's package (src/functions/&lt;name&gt;/target/function.zip, built by {@code ./mvnw verify}) and
 * fails when it carries a library or a model its handler does not use, or lacks one it does. The table is the
 * design of docs/ARCHITECTURE.md: what each step loads.
 */
class FunctionPackagesIT {

    static final Set<String> ALL = Set.of("start", "recommend", "reward", "judge", "finalize", "case-outcome",
            "aggregate");

    /** Libraries (a pattern on the jar's name under lib/) and the functions that may carry them. */
    static final Map<Pattern, Set<String>> LIBRARIES = Map.ofEntries(
            // In-process inference: the steps that score with a bundled model.
            Map.entry(library("com.microsoft.onnxruntime"), Set.of("recommend", "reward")),
            Map.entry(library("dev.afl.afl-onnx-models"), Set.of("recommend", "reward", "judge")),
            // The LLM agents, their key and Bedrock's client: the steps that ask an agent.
            Map.entry(library("dev.langchain4j"), Set.of("recommend", "judge")),
            Map.entry(library("io.quarkiverse.langchain4j"), Set.of("recommend", "judge")),
            Map.entry(library("dev.afl.afl-llm-agents"), Set.of("recommend", "judge")),
            Map.entry(library("software.amazon.awssdk.secretsmanager"), Set.of("recommend", "judge")),
            Map.entry(library("software.amazon.awssdk.bedrockruntime"), Set.of("recommend", "judge")),
            Map.entry(library("dev.afl.afl-wiring"), Set.of("recommend", "judge")),
            Map.entry(library("dev.afl.afl-remote-model"), Set.of("recommend", "judge")),
            // The fan-out's results in S3.
            Map.entry(library("software.amazon.awssdk.s3"), Set.of("aggregate")),
            // Never in a function: the CLI's and the API's libraries, the reports' charts, the title encoder,
            // libraries the LLM client would bring unused, and the SDK's other HTTP clients.
            Map.entry(library("dev.afl.afl-title-features"), Set.of()),
            Map.entry(library("dev.afl.afl-api"), Set.of()),
            Map.entry(library("dev.afl.afl-cli"), Set.of()),
            Map.entry(library("ai.djl"), Set.of()),
            Map.entry(library("org.jfree"), Set.of()),
            Map.entry(library("info.picocli"), Set.of()),
            Map.entry(library("io.quarkus.quarkus-rest-[0-9]"), Set.of()),
            Map.entry(library("org.hibernate.validator"), Set.of()),
            Map.entry(library("com.knuddels.jtokkit"), Set.of()),
            Map.entry(library("org.apache.opennlp"), Set.of()),
            Map.entry(library("org.apache.httpcomponents"), Set.of()),
            Map.entry(library("software.amazon.awssdk.(apache|apache5|netty-nio)-client"), Set.of()));

    /** The models each function carries (under models/), exactly. */
    static final Map<String, Set<String>> MODELS = Map.of(
            "start", modelFiles("caser.card.json", "gru4rec.card.json", "morec.card.json", "sasrec.card.json"),
            "recommend", modelFiles("caser.card.json", "caser.onnx", "gru4rec.card.json", "gru4rec.onnx",
                    "morec.card.json", "morec.onnx", "sasrec.card.json", "sasrec.onnx"),
            "reward", modelFiles("sasrec.card.json", "sasrec.onnx"),
            "judge", modelFiles("sasrec.card.json", "simulated-users.json"),
            "finalize", Set.of(),
            "case-outcome", Set.of(),
            "aggregate", Set.of());

    @ParameterizedTest
    @ValueSource(strings = {"start", "recommend", "reward", "judge", "finalize", "case-outcome", "aggregate"})
    void carriesOnlyWhatItsHandlerUses(String function) throws IOException {
        List<String> entries = entries(function);
        List<String> libraries = entries.stream().filter(name -> name.startsWith("lib/") && name.endsWith(".jar"))
                .map(name -> name.substring("lib/".length())).toList();
        assertThat(libraries).as("%s's libraries", function).isNotEmpty();

        LIBRARIES.forEach((pattern, allowed) -> {
            List<String> carried = libraries.stream().filter(jar -> pattern.matcher(jar).lookingAt()).toList();
            if (allowed.contains(function)) {
                assertThat(carried).as("%s uses %s", function, pattern).isNotEmpty();
            } else {
                assertThat(carried).as("%s does not use %s", function, pattern).isEmpty();
            }
        });

        Set<String> models = new TreeSet<>(entries.stream().filter(name -> name.startsWith("models/")
                && !name.endsWith("/")).toList());
        assertThat(models).as("%s's models", function).isEqualTo(new TreeSet<>(MODELS.get(function)));
    }

    /** ONNX Runtime is cut down to the one native library Lambda (x86_64) loads. */
    @ParameterizedTest
    @ValueSource(strings = {"recommend", "reward"})
    void onnxRuntimeCarriesOnlyTheLinuxX64Library(String function) throws IOException {
        Path unpacked = Files.createTempDirectory("afl-package-");
        try (ZipFile zip = new ZipFile(packageOf(function).toFile())) {
            var jarEntry = zip.stream().filter(entry -> entry.getName().startsWith("lib/com.microsoft.onnxruntime"))
                    .findFirst().orElseThrow();
            Path jar = unpacked.resolve("onnxruntime.jar");
            try (var in = zip.getInputStream(jarEntry)) {
                Files.copy(in, jar);
            }
            try (ZipFile runtime = new ZipFile(jar.toFile())) {
                List<String> natives = runtime.stream().map(java.util.zip.ZipEntry::getName)
                        .filter(name -> name.startsWith("ai/onnxruntime/native/") && !name.endsWith("/")).toList();
                assertThat(natives).isNotEmpty().allMatch(name -> name.startsWith("ai/onnxruntime/native/linux-x64/"));
            }
        } finally {
            try (var files = Files.walk(unpacked)) {
                files.sorted(Collections.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    /** The handler of the function is in its package (its module's classes, at the root), and no other's is. */
    @ParameterizedTest
    @ValueSource(strings = {"start", "recommend", "reward", "judge", "finalize", "case-outcome", "aggregate"})
    void carriesItsOwnHandlerOnly(String function) throws IOException {
        List<String> entries = entries(function);
        assertThat(entries).as("%s's handler in its package", function).contains(handlerClass(function));
        ALL.stream().filter(other -> !other.equals(function)).forEach(other -> assertThat(entries)
                .as("%s carries no other function's handler", function).doesNotContain(handlerClass(other)));
    }

    /** {@code case-outcome} -> {@code dev/afl/function/CaseOutcomeHandler.class}. */
    private static String handlerClass(String function) {
        StringBuilder name = new StringBuilder();
        for (String part : function.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return "dev/afl/function/" + name + "Handler.class";
    }

    private static List<String> entries(String function) throws IOException {
        try (ZipFile zip = new ZipFile(packageOf(function).toFile())) {
            return zip.stream().map(java.util.zip.ZipEntry::getName).toList();
        }
    }

    private static Path packageOf(String function) {
        Path zip = Path.of("src/functions", function, "target/function.zip");
        assertThat(zip).as("the package of %s: build it with ./mvnw verify (or package) at the repository root",
                function).isRegularFile();
        return zip;
    }

    private static Pattern library(String prefix) {
        // Quarkus writes a library it has transformed at build time as "modified-<name>".
        return Pattern.compile("(modified-)?" + prefix.replace(".", "\\."));
    }

    private static Set<String> modelFiles(String... names) {
        Set<String> files = new TreeSet<>();
        for (String dataset : List.of("lastfm", "movielens")) {
            for (String name : names) {
                files.add("models/" + dataset + "/" + name);
            }
        }
        return files;
    }
}
