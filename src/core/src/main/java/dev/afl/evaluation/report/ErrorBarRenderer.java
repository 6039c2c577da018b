package dev.afl.evaluation.report;

import dev.afl.evaluation.Estimate;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.Map;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.CategoryItemRendererState;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.category.CategoryDataset;

/**
 * Vertical bars with a whisker for each bar's 95% CI. JFreeChart's own StatisticalBarRenderer draws mean plus or
 * minus one standard deviation, which cannot show a bootstrap interval that is not symmetric around the mean.
 */
final class ErrorBarRenderer extends BarRenderer {

    /** A bar's place in the dataset: its series (row) and category (column) keys. */
    record Cell(Comparable<?> series, Comparable<?> category) {
    }

    private static final BasicStroke WHISKER = new BasicStroke(1.5f);

    private final transient Map<Cell, Estimate> intervals;

    ErrorBarRenderer(Map<Cell, Estimate> intervals) {
        this.intervals = Map.copyOf(intervals);
    }

    @Override
    public void drawItem(Graphics2D g2, CategoryItemRendererState state, Rectangle2D dataArea, CategoryPlot plot,
            CategoryAxis domainAxis, ValueAxis rangeAxis, CategoryDataset dataset, int row, int column, int pass) {
        super.drawItem(g2, state, dataArea, plot, domainAxis, rangeAxis, dataset, row, column, pass);
        int visibleRow = state.getVisibleSeriesIndex(row);
        Estimate interval = intervals.get(new Cell(dataset.getRowKey(row), dataset.getColumnKey(column)));
        if (visibleRow < 0 || interval == null || Double.isNaN(interval.ciLow()) || Double.isNaN(interval.ciHigh())) {
            return;
        }
        double barStart = calculateBarW0(plot, PlotOrientation.VERTICAL, dataArea, domainAxis, state, visibleRow,
                column);
        double x = barStart + state.getBarWidth() / 2;
        RectangleEdge edge = plot.getRangeAxisEdge();
        double low = rangeAxis.valueToJava2D(interval.ciLow(), dataArea, edge);
        double high = rangeAxis.valueToJava2D(interval.ciHigh(), dataArea, edge);
        double cap = Math.min(8, state.getBarWidth() / 3);
        g2.setPaint(Color.DARK_GRAY);
        g2.setStroke(WHISKER);
        g2.draw(new Line2D.Double(x, low, x, high));
        g2.draw(new Line2D.Double(x - cap, low, x + cap, low));
        g2.draw(new Line2D.Double(x - cap, high, x + cap, high));
    }
}
