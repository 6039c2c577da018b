package dev.afl.evaluation;

import dev.afl.data.Checksums;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a result was computed from, written with every evaluation result: the code version, the models by sha256,
 * the prompt set and every prompt resource it renders from by sha256, the LLM model ids, the candidate lists and
 * their seeds, and the dataset files by sha256. Two result files with equal manifests were computed from the same
 * inputs.
 *
 * @param promptSet            the prompt set of the run's LLM calls; recorded for every run, so also for offline
 *                             agents, which read no prompt (reports say whether an LLM read it)
 * @param promptTemplateSha256 every resource under {@code prompts/} the set renders from (its system and user
 *                             templates, memory entries, the shared re-ask, every domain's words), by path
 * @param candidateLists       {@code paper} (the paper's own lists, seed 303) or {@code seeds} (one draw per seed)
 */
public record RunManifest(String codeVersion, Instant createdAt, Map<String, String> modelSha256, String promptSet,
        Map<String, String> promptTemplateSha256, Map<String, String> llmModels, String candidateLists,
        List<Long> seeds, Map<String, String> datasetFileSha256) {

    /** The manifest of a run over the given dataset folders (every file directly in them is hashed). */
    public static RunManifest of(Map<String, String> modelSha256, String promptSet,
            Map<String, String> promptTemplateSha256, Map<String, String> llmModels, CandidateLists lists,
            List<Long> seeds, List<Path> datasetFolders) {
        Map<String, String> files = new TreeMap<>();
        for (Path folder : datasetFolders) {
            try (Stream<Path> listing = Files.list(folder)) {
                listing.filter(Files::isRegularFile).sorted().forEach(file ->
                        files.put(folder.getFileName() + "/" + file.getFileName(), Checksums.sha256(file)));
            } catch (IOException e) {
                files.put(folder.toString(), "unreadable: " + e.getMessage());
            }
        }
        return new RunManifest(currentCodeVersion(), Instant.now(), new TreeMap<>(modelSha256), promptSet,
                new TreeMap<>(promptTemplateSha256), new TreeMap<>(llmModels), lists.id(), List.copyOf(seeds), files);
    }

    /** The git commit the code was built from (with "-dirty" for uncommitted changes), or "unknown". */
    static String currentCodeVersion() {
        try {
            Process head = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
                    .redirectErrorStream(true).start();
            String version = new String(head.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return head.waitFor(5, TimeUnit.SECONDS) && head.exitValue() == 0 && !version.isEmpty() ? version
                    : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
