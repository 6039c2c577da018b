package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import dev.afl.evaluation.recommendation.ConfigurationResult;
import dev.afl.evaluation.report.ConfigurationViews.PopularitySeries;
import dev.afl.evaluation.report.ConfigurationViews.PopularityView;
import dev.afl.evaluation.report.ConfigurationViews.PositionGroup;
import dev.afl.evaluation.usersim.UserSimulationResult;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.Range;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * The report's PNG charts: HitRatio@1 by round, the popularity of the answers and HitRatio@1 by target position.
 * Each method writes its chart and returns true, or writes nothing and returns false when the configurations hold
 * no data for it.
 */
public final class Charts {

    static {
        // Charts are drawn on servers and in CI without a display; an explicit choice by the caller still wins.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    public static final int DEFAULT_WIDTH = 900;
    public static final int DEFAULT_HEIGHT = 520;

    /** Tableau's ten colours: distinct for most colour-blind readers and on paper. */
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
        new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf)};
    static final Color BASE_GREY = new Color(0x7f7f7f);
    private static final Color TRUE_ITEMS = new Color(0xff7f0e);
    private static final Color FIRST_ROUND_BLUE = new Color(0xaec7e8);
    private static final Color LAST_ROUND_BLUE = new Color(0x08306b);
    static final BasicStroke CURVE = new BasicStroke(2.2f);
    /** The spread of a panel's curves around each round, in rounds: wide enough to part the whiskers. */
    private static final double ROUND_NUDGE = 0.24;
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);
    private static final BasicStroke THIN_DASHED = new BasicStroke(1.4f, BasicStroke.CAP_BUTT,
            BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);

    private final int width;
    private final int height;

    public Charts() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT);
    }

    public Charts(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("chart size must be positive, got " + width + "x" + height);
        }
        this.width = width;
        this.height = height;
    }

    /**
     * HitRatio@1 after each round for the loop configurations at a random target position: one panel per
     * recommendation model on a shared y axis, AFL and its variants with that model as curves with 95% CI whiskers,
     * and the model's base line as a grey dashed level.
     */
    public boolean roundsCurve(List<ConfigurationResult> configurations, Path png) throws IOException {
        Optional<JFreeChart> chart = roundsCurveChart(configurations);
        if (chart.isEmpty()) {
            return false;
        }
        save(chart.get(), png);
        return true;
    }

    /** The rounds-curve chart, or empty when no loop configuration at a random position has a curve. */
    static Optional<JFreeChart> roundsCurveChart(List<ConfigurationResult> configurations) {
        List<ConfigurationResult> loops = ConfigurationViews.loopsAtRandom(configurations);
        if (loops.isEmpty()) {
            return Optional.empty();
        }
        int maxRounds = ConfigurationViews.maxRounds(loops);
        List<String> labels = curveLabels(loops);
        // A method keeps its style in every panel, so the one legend serves them all.
        List<String> curveLabels = labels.stream().distinct().toList();
        NumberAxis hitAxis = new NumberAxis("HitRatio@1");
        hitAxis.setAutoRangeIncludesZero(false);
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(hitAxis);
        combined.setGap(14);
        List<XYErrorRenderer> renderers = new ArrayList<>();
        List<List<ErrorBarCurves.Style>> panelStyles = new ArrayList<>();
        boolean anyBase = false;
        List<Double> levels = new ArrayList<>();
        for (String model : ConfigurationViews.models(loops)) {
            List<Integer> curves = IntStream.range(0, loops.size())
                    .filter(i -> model.equals(loops.get(i).recommendationModel())).boxed().toList();
            YIntervalSeriesCollection data = new YIntervalSeriesCollection();
            List<ErrorBarCurves.Style> styles = new ArrayList<>();
            for (int index = 0; index < curves.size(); index++) {
                ConfigurationResult loop = loops.get(curves.get(index));
                String label = labels.get(curves.get(index));
                YIntervalSeries curve = new YIntervalSeries(label);
                double nudge = ErrorBarCurves.nudge(index, curves.size(), ROUND_NUDGE);
                List<Estimate> byRound = loop.hitRatioByRound();
                for (int round = 1; round <= byRound.size(); round++) {
                    if (!Double.isNaN(byRound.get(round - 1).mean())) {
                        ErrorBarCurves.add(curve, round + nudge, byRound.get(round - 1));
                    }
                }
                data.addSeries(curve);
                styles.add(ErrorBarCurves.style(curveLabels.indexOf(label)));
            }
            NumberAxis roundAxis = new NumberAxis(model + ": round of the loop");
            roundAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
            roundAxis.setRange(0.6, maxRounds + 0.4);
            roundAxis.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
            XYErrorRenderer renderer = ErrorBarCurves.renderer(styles);
            XYPlot panel = new XYPlot(data, roundAxis, null, renderer);
            Optional<ConfigurationResult> base = ConfigurationViews.atRandom(configurations, model,
                    ConfigurationViews.BASE_METHOD);
            if (base.isPresent() && base.get().hitRatio() != null && !Double.isNaN(base.get().hitRatio().mean())) {
                // Behind the curves and wider than them, so a curve at the base level leaves both ends in sight.
                panel.addRangeMarker(new ValueMarker(base.get().hitRatio().mean(), BASE_GREY, DASHED), Layer.BACKGROUND);
                anyBase = true;
                levels.add(base.get().hitRatio().mean());
            }
            combined.add(panel, 1);
            renderers.add(renderer);
            panelStyles.add(styles);
        }
        LegendItemCollection legend = new LegendItemCollection();
        for (int index = 0; index < curveLabels.size(); index++) {
            legend.add(ErrorBarCurves.legendItem(curveLabels.get(index), ErrorBarCurves.style(index)));
        }
        if (anyBase) {
            legend.add(new LegendItem("Base model (the panel's model alone)", null, null, null, false,
                    new Rectangle2D.Double(), false, BASE_GREY, false, BASE_GREY, DASHED, true,
                    new Line2D.Double(-14, 0, 14, 0), DASHED, BASE_GREY));
        }
        combined.setFixedLegendItems(legend);
        includeLevels(hitAxis, combined, levels);
        JFreeChart chart = new JFreeChart("HitRatio@1 by round", JFreeChart.DEFAULT_TITLE_FONT, combined, true);
        chart.addSubtitle(new TextTitle("Target at a random position; whiskers: 95% CI over rows; curves nudged"
                + " apart so equal values stay visible"));
        theme().apply(chart);
        for (int panel = 0; panel < renderers.size(); panel++) {
            ErrorBarCurves.restyle(renderers.get(panel), panelStyles.get(panel));
        }
        return Optional.of(chart);
    }

    /**
     * Widens the shared axis to the base levels too: a marker does not count in the axis's automatic range, and a
     * base level outside every curve's whiskers would otherwise fall off the panel unseen.
     */
    private static void includeLevels(NumberAxis axis, CombinedRangeXYPlot combined, List<Double> levels) {
        if (levels.isEmpty()) {
            return;
        }
        Range curves = combined.getDataRange(axis);
        double low = curves == null ? levels.getFirst() : curves.getLowerBound();
        double high = curves == null ? levels.getFirst() : curves.getUpperBound();
        if (levels.stream().allMatch(level -> level >= low && level <= high)) {
            return; // the automatic range shows them already
        }
        double from = Math.min(low, levels.stream().mapToDouble(Double::doubleValue).min().orElse(low));
        double to = Math.max(high, levels.stream().mapToDouble(Double::doubleValue).max().orElse(high));
        double margin = Math.max((to - from) * 0.05, 0.01);
        axis.setRange(from - margin, to + margin);
    }

    /**
     * Each loop's legend entry: its method, as every panel names its model; a second run of one method with one
     * model (say, on two datasets) adds its id, or the two would share an entry.
     */
    private static List<String> curveLabels(List<ConfigurationResult> loops) {
        Set<String> taken = new HashSet<>();
        return loops.stream().map(loop -> taken.add(loop.recommendationModel() + "\u0000" + loop.methodLabel())
                ? loop.methodLabel() : loop.methodLabel() + " (" + loop.id() + ")").toList();
    }

    /**
     * Figure 4b: the user agent's micro F1 after each round of the loop, one curve per ratio with 95% CI whiskers,
     * and the same agent without the loop's memory as a dashed level in the curve's colour.
     */
    public boolean userSimulationRounds(List<UserSimulationResult> results, Path png) throws IOException {
        List<UserSimulationResult> afl = results == null ? List.of() : results.stream()
                .filter(r -> r.f1ByRound() != null && !r.f1ByRound().isEmpty()).toList();
        if (afl.isEmpty()) {
            return false;
        }
        int maxRounds = afl.stream().mapToInt(r -> r.f1ByRound().size()).max().orElse(0);
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        List<ErrorBarCurves.Style> styles = new ArrayList<>();
        XYPlot plot = new XYPlot();
        for (int index = 0; index < afl.size(); index++) {
            UserSimulationResult r = afl.get(index);
            YIntervalSeries curve = new YIntervalSeries("AFL " + r.ratio());
            double nudge = ErrorBarCurves.nudge(index, afl.size(), ROUND_NUDGE);
            for (int round = 1; round <= r.f1ByRound().size(); round++) {
                Estimate f1 = r.f1ByRound().get(round - 1);
                if (!Double.isNaN(f1.mean())) {
                    ErrorBarCurves.add(curve, round + nudge, f1);
                }
            }
            curves.addSeries(curve);
            // Solid curves: the dashed lines are the levels without memory, which the curves often lie on.
            ErrorBarCurves.Style style = ErrorBarCurves.style(index).withLine(CURVE);
            styles.add(style);
            Optional<UserSimulationResult> alone = results.stream()
                    .filter(u -> r.ratio().equals(u.ratio()) && "user-agent".equals(u.method())).findFirst();
            if (alone.isPresent() && !Double.isNaN(alone.get().f1().mean())) {
                // Behind the curve and wider than it, so a curve at this level leaves both ends in sight.
                plot.addRangeMarker(new ValueMarker(alone.get().f1().mean(), style.colour(), THIN_DASHED),
                        Layer.BACKGROUND);
            }
        }
        NumberAxis roundAxis = new NumberAxis("Rounds of the feedback loop behind the user agent's memory");
        roundAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        roundAxis.setRange(0.6, maxRounds + 0.4);
        NumberAxis valueAxis = new NumberAxis("F1 (micro)");
        valueAxis.setAutoRangeIncludesZero(false);
        XYErrorRenderer renderer = ErrorBarCurves.renderer(styles);
        plot.setDataset(curves);
        plot.setDomainAxis(roundAxis);
        plot.setRangeAxis(valueAxis);
        plot.setRenderer(renderer);
        LegendItemCollection legend = new LegendItemCollection();
        for (int index = 0; index < styles.size(); index++) {
            legend.add(ErrorBarCurves.legendItem((String) curves.getSeriesKey(index), styles.get(index)));
        }
        legend.add(new LegendItem("dashed, in the ratio's colour: the user agent without the loop's memory", null,
                null, null, false, new Rectangle2D.Double(), false, BASE_GREY, false, BASE_GREY, THIN_DASHED, true,
                new Line2D.Double(-14, 0, 14, 0), THIN_DASHED, BASE_GREY));
        plot.setFixedLegendItems(legend);
        JFreeChart chart = new JFreeChart("User-simulation F1 by round", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle("Whiskers: 95% CI over users; curves nudged apart so equal values stay"
                + " visible"));
        theme().apply(chart);
        ErrorBarCurves.restyle(renderer, styles);
        save(chart, png);
        return true;
    }

    /**
     * The share of the answers in each popularity group, for the first model with an AFL run at a random
     * position: its base model, AFL after each round, and the true items.
     */
    public boolean popularityBars(List<ConfigurationResult> configurations, Map<String, Estimate> targetPopularity,
            Path png) throws IOException {
        Optional<PopularityView> view = ConfigurationViews.popularity(configurations, targetPopularity);
        if (view.isEmpty()) {
            return false;
        }
        DefaultCategoryDataset shares = new DefaultCategoryDataset();
        Map<ErrorBarRenderer.Cell, Estimate> intervals = new HashMap<>();
        double highest = 0;
        for (PopularitySeries series : view.get().series()) {
            for (Map.Entry<String, String> group : ConfigurationViews.POPULARITY_GROUPS.entrySet()) {
                Estimate share = series.shares().get(group.getKey());
                shares.addValue(share == null ? null : share.mean(), series.label(), group.getValue());
                if (share != null) {
                    intervals.put(new ErrorBarRenderer.Cell(series.label(), group.getValue()), share);
                    highest = Math.max(highest, Double.isNaN(share.ciHigh()) ? share.mean() : share.ciHigh());
                }
            }
        }
        CategoryAxis groupAxis = new CategoryAxis("Popularity group of the item (training interactions)");
        NumberAxis shareAxis = new NumberAxis("Share of answers");
        shareAxis.setNumberFormatOverride(NumberFormat.getPercentInstance(Locale.ROOT));
        if (highest > 0 && !Double.isNaN(highest)) {
            shareAxis.setRange(0, Math.min(1.0, highest * 1.08));
        }
        BarRenderer renderer = new ErrorBarRenderer(intervals);
        CategoryPlot plot = new CategoryPlot(shares, groupAxis, shareAxis, renderer);

        JFreeChart chart = new JFreeChart("Popularity of the answers", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(view.get().model() + ", target at a random position; whiskers: 95% CI over rows"));
        theme().apply(chart);
        renderer.setItemMargin(0.04);
        List<PopularitySeries> series = view.get().series();
        long aflRounds = series.stream().filter(s -> s.kind() == PopularitySeries.Kind.AFL_ROUND).count();
        int round = 0;
        for (int index = 0; index < series.size(); index++) {
            // Rounds go from light to dark blue, so the drift across rounds reads at a glance.
            Paint paint = switch (series.get(index).kind()) {
                case BASE_MODEL -> BASE_GREY;
                case AFL_ROUND -> blend(FIRST_ROUND_BLUE, LAST_ROUND_BLUE,
                        aflRounds == 1 ? 1 : round++ / (double) (aflRounds - 1));
                case TRUE_ITEMS -> TRUE_ITEMS;
            };
            renderer.setSeriesPaint(index, paint);
        }
        save(chart, png);
        return true;
    }

    /**
     * HitRatio@1 with its 95% CI for each method run at more than one target position, one bar per position.
     */
    public boolean positionBars(List<ConfigurationResult> configurations, Path png) throws IOException {
        List<PositionGroup> groups = ConfigurationViews.positionGroups(configurations);
        if (groups.isEmpty()) {
            return false;
        }
        DefaultCategoryDataset hits = new DefaultCategoryDataset();
        Map<ErrorBarRenderer.Cell, Estimate> intervals = new HashMap<>();
        double highest = 0;
        List<String> positions = ConfigurationViews.positions(groups);
        for (String position : positions) {
            for (PositionGroup group : groups) {
                ConfigurationResult run = group.byPosition().get(position);
                Estimate hit = run == null ? null : run.hitRatio();
                hits.addValue(hit == null ? null : hit.mean(), position, group.label());
                if (hit != null) {
                    intervals.put(new ErrorBarRenderer.Cell(position, group.label()), hit);
                    highest = Math.max(highest, Double.isNaN(hit.ciHigh()) ? hit.mean() : hit.ciHigh());
                }
            }
        }
        CategoryAxis methodAxis = new CategoryAxis("Method");
        methodAxis.setMaximumCategoryLabelLines(3);
        NumberAxis hitAxis = new NumberAxis("HitRatio@1");
        // The whiskers are drawn by the renderer, outside the dataset's range: leave room for them.
        if (highest > 0 && !Double.isNaN(highest)) {
            hitAxis.setRange(0, highest * 1.1);
        }
        ErrorBarRenderer renderer = new ErrorBarRenderer(intervals);
        CategoryPlot plot = new CategoryPlot(hits, methodAxis, hitAxis, renderer);

        JFreeChart chart = new JFreeChart("HitRatio@1 by position of the true item", JFreeChart.DEFAULT_TITLE_FONT,
                plot, true);
        chart.addSubtitle(new TextTitle("Whiskers: 95% CI"));
        theme().apply(chart);
        renderer.setItemMargin(0.05);
        for (int index = 0; index < positions.size(); index++) {
            renderer.setSeriesPaint(index, switch (positions.get(index)) {
                case ConfigurationViews.FIRST -> PALETTE[0];
                case ConfigurationViews.RANDOM -> BASE_GREY;
                case ConfigurationViews.LAST -> PALETTE[1];
                default -> PALETTE[(index + 2) % PALETTE.length];
            });
        }
        save(chart, png);
        return true;
    }

    private void save(JFreeChart chart, Path png) throws IOException {
        chart.getLegend().setPosition(RectangleEdge.BOTTOM);
        ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
    }

    /** White backgrounds and larger fonts than JFreeChart's defaults, readable when the PNG is shrunk in a page. */
    static StandardChartTheme theme() {
        StandardChartTheme theme = (StandardChartTheme) StandardChartTheme.createJFreeTheme();
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setLegendBackgroundPaint(Color.WHITE);
        theme.setPlotOutlinePaint(Color.GRAY);
        theme.setDomainGridlinePaint(new Color(0xdddddd));
        theme.setRangeGridlinePaint(new Color(0xdddddd));
        theme.setBarPainter(new StandardBarPainter());
        theme.setShadowVisible(false);
        theme.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE, PALETTE,
                DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        return theme;
    }

    private static Color blend(Color from, Color to, double fraction) {
        return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * fraction),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * fraction),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * fraction));
    }
}
