package dev.afl.evaluation.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A GitHub-flavoured Markdown table whose cells cannot break the table: pipes are escaped, line breaks joined. */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(String... header) {
        this.header = List.of(header);
    }

    MarkdownTable row(String... cells) {
        if (cells.length != header.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + header.size()
                    + " columns " + header);
        }
        // A missing figure shows as an empty cell rather than failing the whole report.
        rows.add(Arrays.stream(cells).map(cell -> cell == null ? "" : cell).toList());
        return this;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    String render() {
        StringBuilder text = new StringBuilder();
        line(text, header);
        line(text, header.stream().map(column -> "---").toList());
        rows.forEach(row -> line(text, row));
        return text.toString();
    }

    static String escape(String cell) {
        return cell == null ? "" : cell.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\R+", " ");
    }

    private static void line(StringBuilder text, List<String> cells) {
        text.append('|');
        cells.forEach(cell -> text.append(' ').append(escape(cell)).append(" |"));
        text.append('\n');
    }
}
