package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.AflException;
import dev.afl.InvalidRequestException;
import dev.afl.agent.llm.LlmCassetteMissException;
import dev.afl.agent.llm.LlmUnavailableException;
import dev.afl.data.MissingDataException;
import dev.afl.memory.SessionStoreUnwritableException;
import dev.afl.model.ModelLoadException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Each kind of failure gets its documented exit code (README, "Exit codes") wherever a library wrapped it, and a bug
 * is never passed off as the user's mistake: it prints its stack trace and says it is one. The commands' real
 * failures, end to end, are CliProcessIT's.
 */
class ExitCodesTest {

    @Test
    void everyKindHasItsCode() {
        assertThat(code(new InvalidRequestException("row", "Give either --row N or --request FILE.")))
                .isEqualTo(ExitCodes.BAD_INPUT).isEqualTo(CommandLineSetup.USER_ERROR).isEqualTo(2);
        assertThat(code(new IllegalArgumentException("--rows must be at least 1"))).isEqualTo(2);
        assertThat(code(new AflException("Unknown dataset 'netflix'"))).isEqualTo(2);
        assertThat(code(new MissingDataException("No data path is set"))).isEqualTo(ExitCodes.DATA_OR_MODEL_MISSING)
                .isEqualTo(3);
        assertThat(code(new ModelLoadException("No model card"))).isEqualTo(3);
        assertThat(code(new LlmUnavailableException("m", "LLM call failed after 3 tries", null)))
                .isEqualTo(ExitCodes.LLM_UNAVAILABLE).isEqualTo(4);
        assertThat(code(new SessionStoreUnwritableException("write the session file s.json", Path.of("store"),
                new AccessDeniedException("store/s.json")))).isEqualTo(ExitCodes.STORE_NOT_WRITABLE).isEqualTo(5);
        assertThat(code(new LlmCassetteMissException("The cassette c.jsonl has no reply")))
                .isEqualTo(ExitCodes.CASSETTE_MISS).isEqualTo(6);
        assertThat(code(new NullPointerException())).isEqualTo(ExitCodes.INTERNAL_ERROR).isEqualTo(1);
    }

    @Test
    void aWrappedFailureKeepsItsCodeAndItsOwnMessage() {
        LlmCassetteMissException miss = new LlmCassetteMissException("The cassette c.jsonl has no reply.");
        ExitCodes.Classified classified = ExitCodes.classify(new CompletionException(new RuntimeException(miss)));
        assertThat(classified.code()).isEqualTo(6);
        assertThat(classified.explained()).isSameAs(miss);
    }

    @Test
    void anIllegalArgumentDeepInsideALibraryIsABugNotBadInput() {
        assertThat(code(new UncheckedIOException(new IOException(new IllegalArgumentException("bad index")))))
                .isEqualTo(1);
        assertThat(code(new IllegalStateException("broken", new NumberFormatException("x")))).isEqualTo(1);
    }

    @Test
    void aStoreThatCannotBeWrittenSaysWhyAndWhatToDoWithoutAClassName() {
        String message = new SessionStoreUnwritableException("write the session file s.json", Path.of("/srv/store"),
                new AccessDeniedException("/srv/store/s.json")).getMessage();
        assertThat(message).isEqualTo("Cannot write the session file s.json (access denied): the session folder"
                + " /srv/store is not writable. Give --store (or AFL_STATE_DIR) a folder you can write to.");
    }

    @Command(name = "broken")
    static class Broken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("an invariant that does not hold");
        }
    }

    @Command(name = "mistaken")
    static class Mistaken implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new MissingDataException("No data path is set.\nSet AFL_DATA_DIR to the data folder.");
        }
    }

    @Test
    void aBugPrintsItsStackTraceAndSaysItIsOne() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Broken()).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(CommandLineSetup::failed).execute();
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("java.lang.IllegalStateException: an invariant that does not hold",
                "\tat dev.afl.cli.ExitCodesTest$Broken.call");
        assertThat(err.toString().strip().lines().reduce((first, second) -> second).orElseThrow())
                .startsWith("error: an internal error (a bug in AFL, not something you did)")
                .endsWith("Please report it to the project's issue tracker with the command line and the stack"
                        + " trace above.");
    }

    @Test
    void aUsersFailureIsOneLineWithoutATrace() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Mistaken()).setErr(new PrintWriter(err))
                .setExecutionExceptionHandler(CommandLineSetup::failed).execute();
        assertThat(code).isEqualTo(3);
        assertThat(err.toString()).isEqualTo("error: No data path is set. Set AFL_DATA_DIR to the data folder."
                + System.lineSeparator());
    }

    private static int code(Throwable failure) {
        return ExitCodes.classify(failure).code();
    }
}
