package dev.afl.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The usage help with the options' and parameters' descriptions wrapped at spaces only. Picocli wraps them where
 * {@link java.text.BreakIterator#getLineInstance()} allows, which is after every '.', '-' and ':' too: help read
 * "~/." and "local/share/afl/sessions" on two lines, "--max-" and "rounds", "afl." and "llm.re-asks". Here each
 * printable ASCII character of a description is stood in for, while picocli lays the table out, by a character of
 * Unicode's private use area (one column wide, no break opportunity around it), and put back when the table is
 * printed; a word longer than the column is still cut, as picocli cuts it.
 */
final class SpaceWrappingHelp extends Help {

    /** Where the stand-ins of '!' to '~' start: U+E021 stands for '!' (0x21), U+E07E for '~' (0x7E). */
    private static final char STAND_IN_BASE = '\uE000';

    SpaceWrappingHelp(CommandSpec spec, ColorScheme colorScheme) {
        super(spec, colorScheme);
    }

    /** Installs it for a command and all its subcommands. */
    static void install(CommandLine commandLine) {
        commandLine.setHelpFactory(SpaceWrappingHelp::new);
    }

    @Override
    public Layout createDefaultLayout(List<OptionSpec> options, List<PositionalParamSpec> positionals,
            ColorScheme colorScheme) {
        Layout layout = super.createDefaultLayout(options, positionals, colorScheme);
        TextTable defaults = layout.textTable();
        TextTable table = new StandInTable(colorScheme, defaults.columns());
        table.indentWrappedLines = defaults.indentWrappedLines;
        table.setAdjustLineBreaksForWideCJKCharacters(defaults.isAdjustLineBreaksForWideCJKCharacters());
        return new Layout(colorScheme, table, layout.optionRenderer(), layout.parameterRenderer());
    }

    /**
     * The command's description, wrapped at spaces too (picocli's own wraps it as it wraps the options: "GET
     * /v1/sessions/{id}" and "/events" on two lines).
     */
    @Override
    public String description(Object... params) {
        String[] lines = commandSpec().usageMessage().description();
        if (lines.length == 0) {
            return "";
        }
        TextTable table = new StandInTable(colorScheme(), new Column[] {
            new Column(commandSpec().usageMessage().width(), 0, Column.Overflow.WRAP)});
        table.indentWrappedLines = 0;
        for (String line : lines) {
            // As picocli does: each line formatted (%% is %, %n a line break), each resulting line a row.
            for (String row : String.format(line, params).split("\\R")) {
                table.addRowValues(row);
            }
        }
        return table.toString();
    }

    /** The table whose wrapped column lays out stand-ins and prints the characters they stand for. */
    private static final class StandInTable extends TextTable {

        private final ColorScheme colorScheme;

        StandInTable(ColorScheme colorScheme, Column[] columns) {
            super(colorScheme, columns);
            this.colorScheme = colorScheme;
        }

        @Override
        public Cell putValue(int row, int col, Text value) {
            if (value == null || columns()[col].overflow != Column.Overflow.WRAP) {
                return super.putValue(row, col, value);
            }
            // Descriptions carry no markup of their own here, so the plain text loses nothing.
            return super.putValue(row, col, colorScheme.text(standIn(value.plainString())));
        }

        @Override
        public StringBuilder toString(StringBuilder text) {
            int start = text.length();
            super.toString(text);
            for (int i = start; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c > STAND_IN_BASE + ' ' && c < STAND_IN_BASE + 0x7F) {
                    text.setCharAt(i, (char) (c - STAND_IN_BASE));
                }
            }
            return text;
        }

        @Override
        public String toString() {
            return toString(new StringBuilder()).toString();
        }

        private static String standIn(String plain) {
            StringBuilder stood = new StringBuilder(plain.length());
            for (char c : plain.toCharArray()) {
                stood.append(c > ' ' && c < 0x7F ? (char) (STAND_IN_BASE + c) : c);
            }
            return stood.toString();
        }
    }
}
