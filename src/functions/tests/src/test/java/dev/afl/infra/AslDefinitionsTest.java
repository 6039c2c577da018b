package dev.afl.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.NodeTools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every state machine in infra/ passes asl-validator once its ARNs are substituted as SAM does. */
class AslDefinitionsTest {

    static List<Path> definitions() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("infra/statemachine"))) {
            return files.filter(f -> f.toString().endsWith(".asl.json")).sorted().toList();
        }
    }

    @Test
    void everyDefinitionIsValid(@TempDir Path dir) throws Exception {
        List<Path> definitions = definitions();
        assertThat(definitions).isNotEmpty();
        for (Path definition : definitions) {
            String text = Files.readString(definition, StandardCharsets.UTF_8)
                    .replaceAll("\\$\\{([A-Za-z]+)FunctionArn}", "arn:aws:lambda:us-east-1:123456789012:function:$1")
                    .replaceAll("\\$\\{([A-Za-z]+)Arn}", "arn:aws:states:us-east-1:123456789012:stateMachine:$1")
                    .replaceAll("\\$\\{([A-Za-z]+)}", "$1");
            assertThat(text).as("unsubstituted placeholder in " + definition).doesNotContain("${");
            Path substituted = dir.resolve(definition.getFileName());
            Files.writeString(substituted, text);
            Process process = new ProcessBuilder(NodeTools.node().toString(),
                    NodeTools.script("node_modules/asl-validator/dist/bin/asl-validator.js").toString(),
                    "--json-path", substituted.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(definition + ": " + output).isZero();
            assertThat(output).contains("is valid");
        }
    }

    /** The errors a Task retries by class name must exist: a renamed exception would silently stop the retries. */
    @Test
    void everyRetriedProjectErrorIsARealException() throws Exception {
        ObjectMapper json = new ObjectMapper();
        Set<String> retried = new TreeSet<>();
        for (Path definition : definitions()) {
            for (JsonNode state : json.readTree(definition.toFile()).get("States")) {
                for (JsonNode retry : state.path("Retry")) {
                    retry.get("ErrorEquals").forEach(error -> retried.add(error.asText()));
                }
            }
        }
        assertThat(retried).contains("dev.afl.agent.llm.LlmUnavailableException",
                "dev.afl.model.remote.RemoteModelUnavailableException");
        for (String error : retried) {
            if (error.startsWith("dev.afl.")) {
                assertThat(RuntimeException.class.isAssignableFrom(Class.forName(error))).as(error).isTrue();
            }
        }
    }

    @Test
    void theValidatorRejectsABrokenDefinition(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.asl.json");
        Files.writeString(broken, "{\"StartAt\": \"Missing\", \"States\": {\"Here\": {\"Type\": \"Pass\", \"End\": true}}}");
        Process process = new ProcessBuilder(NodeTools.node().toString(),
                NodeTools.script("node_modules/asl-validator/dist/bin/asl-validator.js").toString(),
                "--json-path", broken.toString()).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isNotZero();
    }
}
