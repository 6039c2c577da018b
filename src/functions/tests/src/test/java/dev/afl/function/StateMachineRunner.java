package dev.afl.function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.NodeTools;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Runs an ASL definition from infra/ with aws-local-stepfunctions (Node 22), its Task states calling the
 * handlers through a {@link HandlerBridge}. Function ARNs are substituted the way SAM's
 * DefinitionSubstitutions would, with the function name as the last part.
 */
final class StateMachineRunner {

    // Durations as ISO-8601 text (PT30S), as a caller writes them in a start event.
    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    private StateMachineRunner() {
    }

    /**
     * The definition with every ${XxxFunctionArn} replaced by a Lambda ARN whose function name is xxx (CaseOutcome
     * becomes case-outcome), every other ${XxxArn} by a state machine ARN named Xxx, and any other ${Name} by Name.
     */
    static Path substituted(Path definition, Path folder) throws IOException {
        String text = Files.readString(definition, StandardCharsets.UTF_8);
        String replaced = java.util.regex.Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text).replaceAll(match -> {
            String name = match.group(1);
            if (name.endsWith("FunctionArn")) {
                return "arn:aws:lambda:us-east-1:123456789012:function:" + name.substring(0, name.length()
                        - "FunctionArn".length()).replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
            }
            return name.endsWith("Arn") ? "arn:aws:states:us-east-1:123456789012:stateMachine:"
                    + name.substring(0, name.length() - 3) : name;
        });
        Path out = folder.resolve(definition.getFileName());
        Files.writeString(out, replaced, StandardCharsets.UTF_8);
        return out;
    }

    /** Executes the machine on the input; returns {"status", "output"} or {"status", "error", "cause"}. */
    static JsonNode run(Path definition, Object input, String bridgeUrl, Path folder) throws Exception {
        Path inputFile = Files.createTempFile(folder, "input", ".json");
        JSON.writeValue(inputFile.toFile(), input);
        Path log = Files.createTempFile(folder, "execution", ".log");
        Process process = new ProcessBuilder(NodeTools.node().toAbsolutePath().toString(),
                Path.of("run-state-machine.mjs").toString(), substituted(definition, folder).toAbsolutePath().toString(),
                inputFile.toAbsolutePath().toString(), bridgeUrl)
                .directory(NodeTools.HOME.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("the state machine did not finish in 2 minutes; see " + log);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8).strip();
        String last = output.substring(output.lastIndexOf('\n') + 1);
        if (process.exitValue() != 0 || !last.startsWith("{")) {
            throw new AssertionError("run-state-machine.mjs failed (exit " + process.exitValue() + "):\n" + output);
        }
        return JSON.readTree(last);
    }
}
