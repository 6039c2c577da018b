package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;

/**
 * Every command's help wraps its descriptions at spaces only, within the usage width: picocli alone broke lines after
 * '.', '-' and ':' ("~/." then "local/share/afl/sessions", "--max-" then "rounds"). The command line as Main runs
 * it (CommandLineSetup's), its commands made by picocli's default factory: help reads no injected field.
 */
class HelpWrappingTest {

    private final CommandLine afl = new CommandLineSetup().commandLine(CommandLine.defaultFactory());

    @Test
    void refineHelpKeepsThePathWhole() {
        String help = afl.getSubcommands().get("refine").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(help).contains("~/.local/share/afl/sessions").doesNotContain("~/.\n");
        assertThat(help.lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(80));
    }

    @Test
    void everyCommandsHelpBreaksOnlyBetweenWordsAndFitsTheWidth() {
        List<CommandLine> commands = new ArrayList<>(List.of(afl));
        commands.addAll(afl.getSubcommands().values());
        assertThat(commands).hasSizeGreaterThan(5);
        for (CommandLine command : commands) {
            String help = command.getUsageMessage(CommandLine.Help.Ansi.OFF);
            String name = command.getCommandSpec().qualifiedName();
            int width = command.getUsageHelpWidth();
            assertThat(help.lines()).as(name).allSatisfy(line -> assertThat(line.length()).as("%s: %s", name, line)
                    .isLessThanOrEqualTo(width));
            List<String> texts = new ArrayList<>(List.of(command.getCommandSpec().usageMessage().description()));
            List<ArgSpec> args = new ArrayList<>(command.getCommandSpec().options());
            args.addAll(command.getCommandSpec().positionalParameters());
            args.forEach(arg -> texts.addAll(List.of(arg.renderedDescription())));
            // A word longer than the description column is cut, as anything would cut it.
            // Picocli formats them (String.format: %% is %, %n a line break).
            texts.stream().map(text -> text.replace("%%", "%").replace("%n", " "))
                    .flatMap(text -> Arrays.stream(text.split("\\s+")))
                    .filter(word -> !word.isEmpty() && word.length() < width / 2)
                    .forEach(word -> assertThat(help).as("%s help keeps '%s' whole", name, word).contains(word));
        }
    }

    @Test
    void theCommandListKeepsEachSummaryWhole() {
        String help = afl.getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (CommandLine command : afl.getSubcommands().values()) {
            String summary = command.getCommandSpec().usageMessage().description()[0].replace("%%", "%")
                    .replace("%n", " ");
            Arrays.stream(summary.split("\\s+")).filter(word -> !word.isEmpty()).forEach(word -> assertThat(help)
                    .as("afl --help keeps '%s' of %s's summary whole", word, command.getCommandName()).contains(word));
        }
    }
}
