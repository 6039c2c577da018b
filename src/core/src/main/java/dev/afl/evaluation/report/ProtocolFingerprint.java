package dev.afl.evaluation.report;

import static dev.afl.evaluation.report.ReportNumbers.count;

import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.RunManifest;
import dev.afl.evaluation.recommendation.BaselineChoice;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The head of every report: what a reader needs to know to tell two reports' figures apart before reading any, in
 * one place. The split files by sha256, the candidate protocol, the exact denominators, the prompt set and the
 * agents; and, where the agents are offline, what their figures can and cannot show.
 */
final class ProtocolFingerprint {

    /** What the report says when the run's manifest does not name its prompt set (a run older than prompt sets). */
    static final String PROMPT_SET_NOT_RECORDED = "not recorded in this run's manifest";

    private static final int SHORT_DIGEST = 12;

    private ProtocolFingerprint() {
    }

    static String render(ExperimentReport report) {
        Map<String, String> lines = new LinkedHashMap<>();
        lines.put("Dataset", orNa(report.dataset()));
        lines.put("Candidate protocol", candidateProtocol(report.manifest()));
        lines.put("Denominators", denominators(report));
        lines.put("Split files (sha256, first " + SHORT_DIGEST + ")", splitFiles(report.manifest()));
        lines.put("Prompt set", promptSet(report));
        Object agents = report.protocol() == null ? null : report.protocol().get("agents");
        lines.put("Agents", orNa(report.agents()) + (agents == null ? "" : ": " + agents));
        StringBuilder text = new StringBuilder("## Protocol fingerprint\n\n");
        lines.forEach((key, value) -> text.append("- **").append(key).append("**: ").append(value).append('\n'));
        String caveat = caveat(report.agents());
        if (!caveat.isEmpty()) {
            text.append('\n').append(caveat).append('\n');
        }
        return text.toString();
    }

    /** The prompt set of the run's LLM agents; none where no agent reads a prompt. */
    static String promptSet(ExperimentReport report) {
        String agents = report.agents() == null ? "" : report.agents();
        boolean llm = agents.equals("llm") || agents.startsWith("llm+") || agents.endsWith("+llm");
        if (!llm) {
            return "none: no agent of this run reads a prompt (" + orNa(agents) + ")";
        }
        RunManifest manifest = report.manifest();
        return manifest == null || manifest.promptSet() == null ? PROMPT_SET_NOT_RECORDED : manifest.promptSet();
    }

    /** What offline or simulated agents make of the loop, said where their figures are read. */
    static String caveat(String agents) {
        if ("offline".equals(agents)) {
            return "**Offline agents: the loop reduces to re-ranking by the reward model.** The offline user accepts a"
                    + " proposal exactly when the reward model ranks it first, and the offline recommendation agent"
                    + " follows the recommendation model and the candidates the user names, so AFL ends on the reward"
                    + " model's first choice whenever it gets there within the round limit. Its figures measure the"
                    + " reward model re-ranking the recommendation model, not an LLM's feedback, and are not"
                    + " comparable with the paper's LLM figures; the baselines below show how far re-ranking alone"
                    + " goes.";
        }
        if (agents != null && agents.startsWith("offline+") && !agents.endsWith("+llm")) {
            return "**A simulated user, no LLM.** The user agent is a seeded simulation (" + agents + "), so these"
                    + " figures describe the protocol's dynamics with such a user, not LLM agents.";
        }
        return "";
    }

    static String candidateProtocol(RunManifest manifest) {
        if (manifest == null || manifest.candidateLists() == null) {
            return "n/a";
        }
        List<Long> seeds = manifest.seeds() == null ? List.of() : manifest.seeds();
        return CandidateLists.PAPER.id().equals(manifest.candidateLists())
                ? "paper: the paper's own list per row, drawn as the reference code draws it (Python's random.seed("
                        + CandidateLists.PAPER_SEED + "), ported)"
                : "seeds: one list per row and candidate seed, seeds " + (seeds.isEmpty() ? "none"
                        : seeds.getFirst() + ".." + seeds.getLast() + " (" + seeds.size() + ")");
    }

    private static String denominators(ExperimentReport report) {
        List<String> parts = new ArrayList<>();
        List<ConfigurationResult> configurations = report.recommendation() == null ? List.of() : report.recommendation();
        if (!configurations.isEmpty()) {
            parts.add("recommendation " + range(configurations.stream().mapToInt(ConfigurationResult::rows)
                    .summaryStatistics()) + " test rows, " + range(configurations.stream()
                            .mapToInt(ConfigurationResult::cases).summaryStatistics()) + " cases per configuration");
        }
        List<BaselineChoice> baselines = report.baselines() == null ? List.of() : report.baselines();
        if (!baselines.isEmpty()) {
            parts.add("baselines chosen on " + count(baselines.getFirst().validationRows()) + " validation rows ("
                    + count(baselines.getFirst().validationCases()) + " cases)");
        }
        List<UserSimulationResult> users = report.userSimulation() == null ? List.of() : report.userSimulation();
        Map<String, String> byRatio = new LinkedHashMap<>();
        users.forEach(r -> byRatio.putIfAbsent(r.ratio(), r.ratio() + ": " + count(r.users()) + " users, "
                + count(r.judgements()) + " judgements"));
        if (!byRatio.isEmpty()) {
            parts.add("user simulation " + String.join("; ", byRatio.values()));
        }
        return parts.isEmpty() ? "n/a" : String.join("; ", parts);
    }

    static String splitFiles(RunManifest manifest) {
        if (manifest == null || manifest.datasetFileSha256() == null || manifest.datasetFileSha256().isEmpty()) {
            return "n/a";
        }
        return manifest.datasetFileSha256().entrySet().stream()
                .map(e -> "`" + e.getKey() + "` " + (e.getValue() != null && e.getValue().length() > SHORT_DIGEST
                        && e.getValue().matches("[0-9a-fA-F]+") ? e.getValue().substring(0, SHORT_DIGEST) : e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String range(IntSummaryStatistics values) {
        return values.getMin() == values.getMax() ? count(values.getMin())
                : count(values.getMin()) + " to " + count(values.getMax());
    }

    private static String orNa(String value) {
        return value == null || value.isBlank() ? "n/a" : value;
    }
}
