package dev.afl.cli;

import dev.afl.AflException;
import dev.afl.agent.llm.LlmCassetteMissException;
import dev.afl.agent.llm.LlmCredentialsRefusedException;
import dev.afl.agent.llm.LlmUnavailableException;
import dev.afl.data.MissingDataException;
import dev.afl.memory.SessionStoreUnwritableException;
import dev.afl.model.ModelLoadException;
import dev.afl.model.remote.RemoteModelUnavailableException;

/**
 * The command line's exit codes (README, "Exit codes"), one per kind of failure a script may want to tell apart,
 * decided by the failure's type: a user's mistake, what is missing or unreachable, or a bug.
 */
final class ExitCodes {

    static final int SUCCESS = 0;
    /** A bug: no type below covers it; the stack trace is printed for the report. */
    static final int INTERNAL_ERROR = 1;
    /** Options, a request, an unknown id, dataset or name. */
    static final int BAD_INPUT = 2;
    /** The data, or a model, is not where it was looked for (or a remote model does not answer). */
    static final int DATA_OR_MODEL_MISSING = 3;
    /** The LLM cannot be reached (with AFL_LLM_ON_UNAVAILABLE=fail), or it refuses the key. */
    static final int LLM_UNAVAILABLE = 4;
    /** The session folder cannot be created or written. */
    static final int STORE_NOT_WRITABLE = 5;
    /** A replay (AFL_LLM_CASSETTE=replay) met a request the cassette has no reply for. */
    static final int CASSETTE_MISS = 6;

    /** A failure's exit code and the exception whose message tells the user what happened and what to do. */
    record Classified(int code, Throwable explained) {

        boolean bug() {
            return code == INTERNAL_ERROR;
        }
    }

    private ExitCodes() {
    }

    /**
     * The code of the first exception along the cause chain that says what went wrong (a library may wrap ours);
     * an IllegalArgumentException counts as bad input only where the command itself threw it, since one deep inside a
     * library is more likely a bug than the user's.
     */
    static Classified classify(Throwable failure) {
        if (failure instanceof IllegalArgumentException && !(failure.getCause() instanceof AflException)) {
            return new Classified(BAD_INPUT, failure);
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Integer code = codeOf(t);
            if (code != null) {
                return new Classified(code, t);
            }
        }
        return new Classified(INTERNAL_ERROR, failure);
    }

    private static Integer codeOf(Throwable failure) {
        return switch (failure) {
            case SessionStoreUnwritableException unwritable -> STORE_NOT_WRITABLE;
            case LlmCassetteMissException miss -> CASSETTE_MISS;
            case LlmUnavailableException unavailable -> LLM_UNAVAILABLE;
            case LlmCredentialsRefusedException refused -> LLM_UNAVAILABLE;
            case MissingDataException missing -> DATA_OR_MODEL_MISSING;
            case ModelLoadException unloadable -> DATA_OR_MODEL_MISSING;
            case RemoteModelUnavailableException unanswered -> DATA_OR_MODEL_MISSING;
            case AflException mistake -> BAD_INPUT;
            default -> null;
        };
    }
}
