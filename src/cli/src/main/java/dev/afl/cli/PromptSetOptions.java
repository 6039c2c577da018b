package dev.afl.cli;

import dev.afl.AflException;
import dev.afl.prompt.PromptSet;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The prompt set of one run, shared by the commands that ask the LLM agents ({@code refine}, {@code experiment}). */
public class PromptSetOptions {

    @Option(names = "--prompt-set", paramLabel = "SET", converter = ByName.class,
            description = "The LLM agents' prompts: paper (the paper's Tables 1-2), reference-code (the authors'"
                    + " released code) or extended (this project's earlier wording) (default: afl.prompt-set,"
                    + " AFL_PROMPT_SET, else paper). Offline agents read no prompt.")
    PromptSet chosen;

    /** The set this run asks with: the option's, else the configured one. */
    PromptSet orElse(PromptSet configured) {
        return chosen != null ? chosen : configured;
    }

    /** Reads a set by its name ({@code reference-code}); an unknown name is refused with the choices. */
    static final class ByName implements CommandLine.ITypeConverter<PromptSet> {

        @Override
        public PromptSet convert(String value) {
            try {
                return PromptSet.byId(value);
            } catch (AflException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
