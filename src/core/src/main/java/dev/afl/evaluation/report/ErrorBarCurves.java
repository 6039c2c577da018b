package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.List;
import org.jfree.chart.LegendItem;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.YIntervalSeries;

/**
 * The one way the reports draw curves with an interval: each point carries a whisker for its 95% CI, and the curves
 * of a panel are nudged sideways by a fraction of the x step so that two curves at the same value both stay in
 * sight. Shaded bands, drawn before this, overlapped into one muddy area as soon as three curves shared a panel.
 * A curve is told apart by its colour, its line style and its marker, so it still reads in grey print.
 */
final class ErrorBarCurves {

    /** How one curve is drawn. */
    record Style(Color colour, BasicStroke line, Shape marker) {

        Style withLine(BasicStroke other) {
            return new Style(colour, other, marker);
        }
    }

    private static final List<BasicStroke> LINES = List.of(Charts.CURVE,
            dashes(2.2f, 9f, 5f),
            dashes(2.4f, 2.5f, 3.5f),
            dashes(2.2f, 10f, 4f, 2.5f, 4f));
    private static final List<Shape> MARKERS = List.of(new Rectangle2D.Double(-4.5, -4.5, 9, 9),
            new Ellipse2D.Double(-5, -5, 10, 10), triangle(true), diamond(), triangle(false));
    private static final BasicStroke WHISKER = new BasicStroke(1.4f);
    private static final double CAP = 7;

    private ErrorBarCurves() {
    }

    /**
     * The style of the curve at this index of a chart's legend. Line styles and markers cycle at other lengths than
     * the colours, so neighbours differ in all three.
     */
    static Style style(int index) {
        return new Style(Charts.PALETTE[index % Charts.PALETTE.length], LINES.get(index % LINES.size()),
                MARKERS.get(index % MARKERS.size()));
    }

    /**
     * How far sideways the curve at {@code index} of {@code count} is drawn: the curves spread evenly over
     * {@code width} (in x units) centred on the true x.
     */
    static double nudge(int index, int count, double width) {
        return count <= 1 ? 0 : width * (index / (double) (count - 1) - 0.5);
    }

    /** Adds a point with its 95% CI; an interval that could not be computed draws no whisker. */
    static void add(YIntervalSeries series, double x, Estimate value) {
        boolean bounded = !Double.isNaN(value.ciLow()) && !Double.isNaN(value.ciHigh());
        series.add(x, value.mean(), bounded ? value.ciLow() : value.mean(), bounded ? value.ciHigh() : value.mean());
    }

    /** A renderer that draws line, marker and whisker of series {@code i} in {@code styles.get(i)}. */
    static XYErrorRenderer renderer(List<Style> styles) {
        XYErrorRenderer renderer = new XYErrorRenderer();
        renderer.setDefaultLinesVisible(true);
        renderer.setDefaultShapesVisible(true);
        renderer.setDrawXError(false);
        renderer.setCapLength(CAP);
        renderer.setErrorStroke(WHISKER);
        restyle(renderer, styles);
        return renderer;
    }

    /** Sets the styles again: a chart theme applied after the renderer was built hands out its own. */
    static void restyle(XYErrorRenderer renderer, List<Style> styles) {
        for (int series = 0; series < styles.size(); series++) {
            Style style = styles.get(series);
            renderer.setSeriesPaint(series, style.colour());
            renderer.setSeriesFillPaint(series, style.colour());
            renderer.setSeriesStroke(series, style.line());
            renderer.setSeriesShape(series, style.marker());
        }
    }

    /** A legend entry showing the style's line and marker. */
    static LegendItem legendItem(String label, Style style) {
        return new LegendItem(label, null, null, null, true, style.marker(), true, style.colour(), false,
                style.colour(), WHISKER, true, new Line2D.Double(-14, 0, 14, 0), style.line(), style.colour());
    }

    private static BasicStroke dashes(float width, float... pattern) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, pattern, 0f);
    }

    private static Shape triangle(boolean up) {
        double tip = up ? -5.5 : 5.5;
        Path2D.Double path = new Path2D.Double();
        path.moveTo(0, tip);
        path.lineTo(5.5, -tip);
        path.lineTo(-5.5, -tip);
        path.closePath();
        return path;
    }

    private static Shape diamond() {
        Path2D.Double path = new Path2D.Double();
        path.moveTo(0, -6);
        path.lineTo(6, 0);
        path.lineTo(0, 6);
        path.lineTo(-6, 0);
        path.closePath();
        return path;
    }
}
