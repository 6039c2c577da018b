package dev.afl.evaluation.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.evaluation.recommendation.ConfigurationResult;
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

/**
 * Writes a report folder: {@code results.json} (every figure, for machines), the charts that have data, and
 * {@code report.md} (for people) linking them.
 */
public final class ReportWriter {

    public static final String RESULTS_FILE = "results.json";
    public static final String REPORT_FILE = "report.md";
    public static final String ROUNDS_CURVE_FILE = MarkdownReport.ROUNDS_CURVE_CHART + ".png";
    public static final String POPULARITY_FILE = MarkdownReport.POPULARITY_CHART + ".png";
    public static final String POSITION_FILE = MarkdownReport.POSITION_CHART + ".png";
    public static final String USER_SIMULATION_ROUNDS_FILE = MarkdownReport.USER_SIMULATION_ROUNDS_CHART + ".png";

    private final ObjectMapper json = AflJson.documents();
    private final Charts charts;
    private final MarkdownReport markdown;

    public ReportWriter() {
        this(new Charts(), new MarkdownReport());
    }

    public ReportWriter(Charts charts, MarkdownReport markdown) {
        this.charts = charts;
        this.markdown = markdown;
    }

    /**
     * Writes the report into the folder, creating it, and returns the files written (results, charts, report).
     *
     * @throws UncheckedIOException naming the folder when it cannot be created or written
     */
    public List<Path> write(ExperimentReport report, Path folder) {
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(folder);
            Path results = folder.resolve(RESULTS_FILE);
            Files.write(results, toJson(report));
            written.add(results);

            List<ConfigurationResult> configurations = report.recommendation() == null ? List.of()
                    : report.recommendation();
            Map<String, String> chartFiles = new LinkedHashMap<>();
            chart(folder, ROUNDS_CURVE_FILE, MarkdownReport.ROUNDS_CURVE_CHART, chartFiles, written,
                    png -> charts.roundsCurve(configurations, png));
            chart(folder, POPULARITY_FILE, MarkdownReport.POPULARITY_CHART, chartFiles, written,
                    png -> charts.popularityBars(configurations, report.targetPopularity(), png));
            chart(folder, POSITION_FILE, MarkdownReport.POSITION_CHART, chartFiles, written,
                    png -> charts.positionBars(configurations, png));
            chart(folder, USER_SIMULATION_ROUNDS_FILE, MarkdownReport.USER_SIMULATION_ROUNDS_CHART, chartFiles, written,
                    png -> charts.userSimulationRounds(report.userSimulation(), png));

            Path text = folder.resolve(REPORT_FILE);
            Files.writeString(text, markdown.render(report, chartFiles), StandardCharsets.UTF_8);
            written.add(text);
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the report into " + folder.toAbsolutePath() + " ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "). Give a folder that can be created "
                    + "and written: check that no file stands at that path or above it, and that you may write "
                    + "there.", e);
        }
    }

    /** Serialised apart from the writing, so a mapping failure is not reported as an unwritable folder. */
    private byte[] toJson(ExperimentReport report) {
        try {
            return json.writeValueAsBytes(report);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot turn the report '" + report.title() + "' into JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** A chart drawer: writes the PNG and returns true, or returns false having written nothing. */
    @FunctionalInterface
    private interface ChartDrawing {
        boolean draw(Path png) throws IOException;
    }

    private static void chart(Path folder, String fileName, String chartName, Map<String, String> chartFiles,
            List<Path> written, ChartDrawing drawing) throws IOException {
        Path png = folder.resolve(fileName);
        if (drawing.draw(png)) {
            chartFiles.put(chartName, fileName);
            written.add(png);
        } else {
            // A chart left by an earlier run into the same folder would show figures this report does not have.
            Files.deleteIfExists(png);
        }
    }
}
