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
import java.io.IOException;
import java.nio.file.Path;
import java.text.NumberFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
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
    static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {8f, 6f}, 0f);

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
     * HitRatio@1 after each round for the loop configurations at a random target position, with their 95% CI as a
     * shaded band, and each model's base model as a dashed reference line.
     */
    public boolean roundsCurve(List<ConfigurationResult> configurations, Path png) throws IOException {
        List<ConfigurationResult> loops = ConfigurationViews.loopsAtRandom(configurations);
        if (loops.isEmpty()) {
            return false;
        }
        int maxRounds = ConfigurationViews.maxRounds(loops);
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        Set<String> labels = new HashSet<>();
        for (ConfigurationResult loop : loops) {
            // Two runs of one method and model (say, on two datasets) would otherwise share a legend entry.
            String label = labels.add(ConfigurationViews.label(loop)) ? ConfigurationViews.label(loop)
                    : ConfigurationViews.label(loop) + " (" + loop.id() + ")";
            YIntervalSeries curve = new YIntervalSeries(label);
            List<Estimate> byRound = loop.hitRatioByRound();
            for (int round = 1; round <= byRound.size(); round++) {
                Estimate hit = byRound.get(round - 1);
                if (!Double.isNaN(hit.mean())) {
                    curve.add(round, hit.mean(), hit.ciLow(), hit.ciHigh());
                }
            }
            curves.addSeries(curve);
        }
        // The reference spans the whole x range so it reads as a level, not as one more curve.
        double xFrom = 0.8;
        double xTo = maxRounds + 0.2;
        XYSeriesCollection references = new XYSeriesCollection();
        Map<Integer, Color> referenceColours = new HashMap<>();
        for (String model : ConfigurationViews.models(loops)) {
            Optional<ConfigurationResult> base = ConfigurationViews.atRandom(configurations, model,
                    ConfigurationViews.BASE_METHOD);
            if (base.isEmpty() || base.get().hitRatio() == null || Double.isNaN(base.get().hitRatio().mean())) {
                continue;
            }
            XYSeries reference = new XYSeries(ConfigurationViews.label(base.get()), false);
            reference.add(xFrom, base.get().hitRatio().mean());
            reference.add(xTo, base.get().hitRatio().mean());
            // The dashed line takes the colour of the model's first curve, so a reader pairs them.
            referenceColours.put(references.getSeriesCount(), PALETTE[firstIndexOf(loops, model) % PALETTE.length]);
            references.addSeries(reference);
        }

        saveRoundCurves(new RoundCurves("HitRatio@1 by round",
                "Target at a random position; bands: 95% CI; dashed: base model", "Round of the feedback loop",
                "HitRatio@1", xFrom, xTo), curves, references, referenceColours, png);
        return true;
    }

    /**
     * Figure 4b: the user agent's micro F1 after each round of the loop, one curve per ratio with its 95% CI band,
     * and the same agent without the loop's memory as a dashed level in the curve's colour.
     */
    public boolean userSimulationRounds(List<UserSimulationResult> results, Path png) throws IOException {
        List<UserSimulationResult> afl = results == null ? List.of() : results.stream()
                .filter(r -> r.f1ByRound() != null && !r.f1ByRound().isEmpty()).toList();
        if (afl.isEmpty()) {
            return false;
        }
        int maxRounds = afl.stream().mapToInt(r -> r.f1ByRound().size()).max().orElse(0);
        double xFrom = 0.8;
        double xTo = maxRounds + 0.2;
        YIntervalSeriesCollection curves = new YIntervalSeriesCollection();
        XYSeriesCollection references = new XYSeriesCollection();
        Map<Integer, Color> referenceColours = new HashMap<>();
        for (int index = 0; index < afl.size(); index++) {
            UserSimulationResult r = afl.get(index);
            YIntervalSeries curve = new YIntervalSeries("AFL " + r.ratio());
            for (int round = 1; round <= r.f1ByRound().size(); round++) {
                Estimate f1 = r.f1ByRound().get(round - 1);
                if (!Double.isNaN(f1.mean())) {
                    curve.add(round, f1.mean(), f1.ciLow(), f1.ciHigh());
                }
            }
            curves.addSeries(curve);
            Optional<UserSimulationResult> alone = results.stream()
                    .filter(u -> r.ratio().equals(u.ratio()) && "user-agent".equals(u.method())).findFirst();
            if (alone.isPresent() && !Double.isNaN(alone.get().f1().mean())) {
                XYSeries reference = new XYSeries("User Agent " + r.ratio() + ", no memory", false);
                reference.add(xFrom, alone.get().f1().mean());
                reference.add(xTo, alone.get().f1().mean());
                referenceColours.put(references.getSeriesCount(), PALETTE[index % PALETTE.length]);
                references.addSeries(reference);
            }
        }
        saveRoundCurves(new RoundCurves("User-simulation F1 by round",
                "Bands: 95% CI over users; dashed: the user agent without the loop's memory",
                "Rounds of the feedback loop behind the user agent's memory", "F1 (micro)", xFrom, xTo), curves,
                references, referenceColours, png);
        return true;
    }

    /** The titles and round range of a by-round chart. */
    private record RoundCurves(String title, String subtitle, String roundLabel, String valueLabel, double xFrom,
            double xTo) {
    }

    /**
     * A by-round chart: each curve with its 95% CI band, and each dashed reference level in the colour its
     * {@code referenceColours} entry gives, so a reader pairs a level with its curve.
     */
    private void saveRoundCurves(RoundCurves layout, YIntervalSeriesCollection curves,
            XYSeriesCollection references, Map<Integer, Color> referenceColours, Path png) throws IOException {
        NumberAxis roundAxis = new NumberAxis(layout.roundLabel());
        roundAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        roundAxis.setRange(layout.xFrom(), layout.xTo());
        NumberAxis valueAxis = new NumberAxis(layout.valueLabel());
        valueAxis.setAutoRangeIncludesZero(false);
        DeviationRenderer curveRenderer = new DeviationRenderer(true, true);
        curveRenderer.setAlpha(0.15f);
        XYPlot plot = new XYPlot(curves, roundAxis, valueAxis, curveRenderer);
        XYLineAndShapeRenderer referenceRenderer = new XYLineAndShapeRenderer(true, false);
        plot.setDataset(1, references);
        plot.setRenderer(1, referenceRenderer);
        JFreeChart chart = new JFreeChart(layout.title(), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.addSubtitle(new TextTitle(layout.subtitle()));
        theme().apply(chart);
        for (int series = 0; series < curves.getSeriesCount(); series++) {
            Color colour = PALETTE[series % PALETTE.length];
            curveRenderer.setSeriesPaint(series, colour);
            curveRenderer.setSeriesFillPaint(series, colour);
            curveRenderer.setSeriesStroke(series, CURVE);
        }
        referenceColours.forEach((series, colour) -> {
            referenceRenderer.setSeriesPaint(series, colour);
            referenceRenderer.setSeriesStroke(series, DASHED);
        });
        save(chart, png);
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

    private static int firstIndexOf(List<ConfigurationResult> loops, String model) {
        for (int index = 0; index < loops.size(); index++) {
            if (model.equals(loops.get(index).recommendationModel())) {
                return index;
            }
        }
        return 0;
    }

    private static Color blend(Color from, Color to, double fraction) {
        return new Color((int) Math.round(from.getRed() + (to.getRed() - from.getRed()) * fraction),
                (int) Math.round(from.getGreen() + (to.getGreen() - from.getGreen()) * fraction),
                (int) Math.round(from.getBlue() + (to.getBlue() - from.getBlue()) * fraction));
    }
}
