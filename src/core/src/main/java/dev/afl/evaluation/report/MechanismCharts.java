package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.mechanism.MechanismRow;
import dev.afl.evaluation.mechanism.StudiedUser;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The mechanism study's charts: one panel per recommendation model side by side on a shared y axis, the noise level
 * epsilon on each x axis, a curve per simulated user with 95% CI whiskers (over rows), and the offline user (the
 * reward model's verdict) as a single grey point at epsilon 0.
 */
public final class MechanismCharts {

    public static final int WIDTH = 1350;
    public static final int HEIGHT = 560;

    private static final ErrorBarCurves.Style CALIBRATED = ErrorBarCurves.style(0);
    private static final ErrorBarCurves.Style INDEPENDENT = ErrorBarCurves.style(1);
    private static final ErrorBarCurves.Style OFFLINE = new ErrorBarCurves.Style(Charts.BASE_GREY, Charts.CURVE,
            new Ellipse2D.Double(-5, -5, 10, 10));
    /** The spread of a panel's curves around each noise level, in epsilon: a fifth of the 0.1 step. */
    private static final double EPSILON_NUDGE = 0.02;
    private static final BasicStroke THIN_DASHED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER,
            10f, new float[] {6f, 4f}, 0f);

    /** One curve of a panel: which rows it takes and what it reads from each. */
    private record Curve(String label, StudiedUser user, Function<MechanismRow, Estimate> figure,
            ErrorBarCurves.Style style) {
    }

    /** AFL minus the best baseline of its two models, by noise level. */
    public boolean minusBest(List<MechanismRow> rows, Path png) throws IOException {
        return draw(rows, png, "AFL minus its best baseline", "HitRatio@1, AFL minus the best baseline",
                "Dashed zero: the loop does exactly as well as the two models without it",
                curves(MechanismRow::minusBest), true);
    }

    /** How often the loop left the model's first choice for the true item: a hit it won. */
    public boolean hitsWon(List<MechanismRow> rows, Path png) throws IOException {
        return draw(rows, png, "Moved away from the model's first choice, to the true item",
                "Share of sessions: a hit the loop won", "The loop's answer is the true item and the model's first"
                        + " choice was not", curves(MechanismRow::movedAndRight), false);
    }

    /** How often the loop left the model's first choice when that was the true item: a hit it lost. */
    public boolean hitsLost(List<MechanismRow> rows, Path png) throws IOException {
        return draw(rows, png, "Moved away from the model's first choice, off the true item",
                "Share of sessions: a hit the loop lost", "The model's first choice was the true item and the loop's"
                        + " answer is not", curves(MechanismRow::movedAndLost), false);
    }

    private static List<Curve> curves(Function<MechanismRow, Estimate> figure) {
        return List.of(new Curve("Calibrated noisy user", StudiedUser.CALIBRATED, figure, CALIBRATED),
                new Curve("Independent-information user", StudiedUser.INDEPENDENT, figure, INDEPENDENT),
                new Curve("Offline user (the reward model's verdict)", StudiedUser.OFFLINE, figure, OFFLINE));
    }

    /** Rounds the user judged per session. */
    public boolean rounds(List<MechanismRow> rows, Path png) throws IOException {
        return draw(rows, png, "Rounds used", "Rounds judged per session", "A user who never accepts uses every"
                + " round up to the limit", curves(MechanismRow::meanRounds), false);
    }

    private boolean draw(List<MechanismRow> rows, Path png, String title, String yLabel, String subtitle,
            List<Curve> curves, boolean zeroLine) throws IOException {
        List<String> models = rows.stream().map(MechanismRow::recommendationModel).distinct().toList();
        if (models.isEmpty()) {
            return false;
        }
        NumberAxis shared = new NumberAxis(yLabel);
        shared.setAutoRangeIncludesZero(zeroLine);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(shared);
        combined.setGap(18);
        double maxEpsilon = rows.stream().mapToDouble(MechanismRow::epsilon).max().orElse(0);
        List<ErrorBarCurves.Style> styles = curves.stream().map(Curve::style).toList();
        List<XYErrorRenderer> renderers = new ArrayList<>();
        for (String model : models) {
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            for (int index = 0; index < curves.size(); index++) {
                Curve curve = curves.get(index);
                YIntervalSeries points = new YIntervalSeries(curve.label());
                double nudge = ErrorBarCurves.nudge(index, curves.size(), EPSILON_NUDGE);
                rows.stream().filter(r -> r.recommendationModel().equals(model) && r.user().equals(curve.user().id()))
                        .forEach(r -> {
                            Estimate value = curve.figure().apply(r);
                            if (value != null && !Double.isNaN(value.mean())) {
                                ErrorBarCurves.add(points, r.epsilon() + nudge, value);
                            }
                        });
                data.addSeries(points);
            }
            XYErrorRenderer renderer = ErrorBarCurves.renderer(styles);
            renderers.add(renderer);
            NumberAxis epsilon = new NumberAxis(model + ": noise epsilon");
            epsilon.setRange(-0.03, maxEpsilon + 0.03);
            epsilon.setTickUnit(new NumberTickUnit(0.1));
            epsilon.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            XYPlot panel = new XYPlot(data, epsilon, null, renderer);
            if (zeroLine) {
                panel.addRangeMarker(new ValueMarker(0, Color.DARK_GRAY, THIN_DASHED), Layer.BACKGROUND);
            }
            combined.add(panel, 1);
        }
        // Every panel has the same curves: one legend, not one per panel.
        LegendItemCollection legend = new LegendItemCollection();
        curves.forEach(curve -> legend.add(ErrorBarCurves.legendItem(curve.label(), curve.style())));
        combined.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.addSubtitle(new TextTitle(subtitle + ". Whiskers: 95% CI over rows."));
        Charts.theme().apply(chart);
        // Colours and strokes after the theme, which would otherwise hand out its own.
        renderers.forEach(renderer -> ErrorBarCurves.restyle(renderer, styles));
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH, HEIGHT);
        return true;
    }
}
