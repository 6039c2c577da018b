package dev.afl.agent.llm.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.data.JsonLines;
import dev.afl.json.AflJson;
import dev.langchain4j.service.Result;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's batch jobs in a run's work dir, so a killed run started again neither submits a job twice nor pays
 * twice for an answer: each job is recorded with the requests it holds (custom id and request key) as soon as it
 * is created, before any wait; once collected, its output and error lines are kept beside the record. A request whose
 * key a collected job answered is answered from there; one that an uncollected job holds waits for that job.
 *
 * <p>Files: {@code <agent>-jobs.jsonl} (one {@code submitted} or {@code collected} event a line; a line torn by a
 * kill is skipped) and {@code <job id>.jsonl} (the job's result lines, written whole before {@code collected}).
 */
final class BatchJournal {

    private static final ObjectMapper JSON = AflJson.records();

    private final Path folder;
    private final Path events;
    private final Collection<String> secrets;
    private final BatchProvider provider;
    private final Map<String, Map<String, String>> requests = new LinkedHashMap<>();
    private final Map<String, String> openJobOfKey = new HashMap<>();
    private final Map<String, Result<String>> answers = new HashMap<>();

    BatchJournal(Path folder, String agent, Collection<String> secrets, BatchProvider provider) {
        this.provider = provider;
        this.folder = folder;
        this.events = folder.resolve(agent + "-jobs.jsonl");
        this.secrets = List.copyOf(secrets);
        load();
    }

    /** The reply a collected job gave this request, if any gave one. */
    synchronized Optional<Result<String>> answer(String key) {
        return Optional.ofNullable(answers.get(key));
    }

    /** The submitted job, not yet collected, that holds this request. */
    synchronized Optional<String> openJobHolding(String key) {
        return Optional.ofNullable(openJobOfKey.get(key));
    }

    /** The requests a job holds: custom id to request key. */
    synchronized Map<String, String> requestsOf(String jobId) {
        return Map.copyOf(requests.getOrDefault(jobId, Map.of()));
    }

    /** Records a job just created; written before anyone waits for it. */
    synchronized void submitted(String jobId, Map<String, String> customIdToKey) {
        ObjectNode event = JSON.createObjectNode().put("event", "submitted").put("job", jobId);
        ObjectNode held = event.putObject("requests");
        customIdToKey.forEach(held::put);
        JsonLines.append(events, event);
        opened(jobId, customIdToKey);
    }

    /** Keeps a finished job's result lines and reads the replies in them. */
    synchronized void collected(String jobId, String resultLines) {
        Path file = resultsOf(jobId);
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try {
            Files.createDirectories(folder);
            Files.writeString(partial, resultLines, StandardCharsets.UTF_8);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the results of batch job " + jobId + " in " + file + ": "
                    + e.getMessage(), e);
        }
        JsonLines.append(events, JSON.createObjectNode().put("event", "collected").put("job", jobId));
        read(jobId, resultLines);
    }

    private void opened(String jobId, Map<String, String> customIdToKey) {
        requests.put(jobId, new LinkedHashMap<>(customIdToKey));
        customIdToKey.values().forEach(key -> openJobOfKey.put(key, jobId));
    }

    private void read(String jobId, String resultLines) {
        Map<String, String> held = requests.getOrDefault(jobId, Map.of());
        held.values().forEach(key -> openJobOfKey.remove(key, jobId));
        for (String line : resultLines.split("\n")) {
            JsonNode node = parse(line);
            if (node == null) {
                continue;
            }
            BatchProvider.ResultLine result = provider.read(node, secrets);
            String key = result == null ? null : held.get(result.customId());
            if (key != null && result.answer() instanceof BatchAnswer.Replied replied) {
                answers.put(key, replied.result());
            }
        }
    }

    private Path resultsOf(String jobId) {
        return folder.resolve(jobId.replaceAll("[^A-Za-z0-9._-]", "_") + ".jsonl");
    }

    private void load() {
        if (!Files.isRegularFile(events)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(events, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AflException("The batch journal " + events + " cannot be read (" + e.getMessage() + "); remove"
                    + " the folder " + folder + " to start the batch jobs afresh (answers already paid for are then"
                    + " asked again).", e);
        }
        for (String line : lines) {
            JsonNode event = parse(line);
            if (event == null) {
                continue; // a line torn by a kill
            }
            String jobId = event.path("job").asText();
            if (event.path("event").asText().equals("submitted")) {
                Map<String, String> held = new LinkedHashMap<>();
                event.path("requests").properties().forEach(entry -> held.put(entry.getKey(),
                        entry.getValue().asText()));
                opened(jobId, held);
            } else if (event.path("event").asText().equals("collected") && Files.isRegularFile(resultsOf(jobId))) {
                try {
                    read(jobId, Files.readString(resultsOf(jobId), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resultsOf(jobId) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    private static JsonNode parse(String line) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (IOException unreadable) {
            return null;
        }
    }
}
