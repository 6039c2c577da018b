package dev.afl.evaluation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes the mechanism study's folder: {@code results.json}, its three charts and {@code report.md}. */
public final class MechanismReportWriter {

    public static final String MINUS_BEST_FILE = "afl-minus-best-baseline.png";
    public static final String WON_FILE = "hits-won.png";
    public static final String LOST_FILE = "hits-lost.png";
    public static final String ROUNDS_FILE = "rounds.png";

    private final ObjectMapper json = AflJson.documents();
    private final MechanismCharts charts = new MechanismCharts();

    /** Writes the folder, creating it, and returns the files written. */
    public List<Path> write(MechanismReport report, Path folder) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            Path results = folder.resolve(ReportWriter.RESULTS_FILE);
            Files.write(results, toJson(report));
            written.add(results);
            Map<String, String> chartFiles = new LinkedHashMap<>();
            var rows = report.result().rows();
            if (charts.minusBest(rows, folder.resolve(MINUS_BEST_FILE))) {
                chartFiles.put(MechanismMarkdown.MINUS_BEST_CHART, MINUS_BEST_FILE);
                written.add(folder.resolve(MINUS_BEST_FILE));
            }
            if (charts.hitsWon(rows, folder.resolve(WON_FILE))) {
                chartFiles.put(MechanismMarkdown.WON_CHART, WON_FILE);
                written.add(folder.resolve(WON_FILE));
            }
            if (charts.hitsLost(rows, folder.resolve(LOST_FILE))) {
                chartFiles.put(MechanismMarkdown.LOST_CHART, LOST_FILE);
                written.add(folder.resolve(LOST_FILE));
            }
            if (charts.rounds(rows, folder.resolve(ROUNDS_FILE))) {
                chartFiles.put(MechanismMarkdown.ROUNDS_CHART, ROUNDS_FILE);
                written.add(folder.resolve(ROUNDS_FILE));
            }
            Path text = folder.resolve(ReportWriter.REPORT_FILE);
            Files.writeString(text, new MechanismMarkdown().render(report, chartFiles), StandardCharsets.UTF_8);
            written.add(text);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the mechanism report into " + folder.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Give a folder that can be created "
                    + "and written.", e);
        }
    }

    private byte[] toJson(MechanismReport report) {
        try {
            return json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot turn the mechanism report into JSON: " + e.getOriginalMessage(), e);
        }
    }
}
