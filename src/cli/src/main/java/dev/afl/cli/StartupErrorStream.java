package dev.afl.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * System.err while the application starts. Quarkus reports a configuration it cannot start with by printing the
 * exception's message to System.err itself (ApplicationLifecycleManager.run: several lines, naming
 * IllegalArgumentException) before any exit handler runs, and the CLI ends every failure a user causes with one line
 * of its own. So until the application has started, lines printed whole ({@code println(String)}, as that report is)
 * are held back; the log's console handler writes bytes and is never held. Once started, or once failed, what was
 * held is printed, the failure's report aside when the CLI tells it in its own words.
 */
final class StartupErrorStream extends PrintStream {

    private final PrintStream err;
    private final List<String> held = new ArrayList<>();
    private boolean holding = true;

    StartupErrorStream(PrintStream err) {
        super(err, true);
        this.err = err;
    }

    /** Stands in for System.err until {@link #release}. */
    static StartupErrorStream install() {
        StartupErrorStream starting = new StartupErrorStream(System.err);
        System.setErr(starting);
        return starting;
    }

    @Override
    public synchronized void println(String line) {
        if (holding) {
            held.add(line);
        } else {
            super.println(line);
        }
    }

    /**
     * Prints what was held, but the lines in {@code told} (reworded by the caller), holds nothing more and gives
     * System.err back (a log handler that took this stream meanwhile writes through it unchanged).
     */
    synchronized void release(Set<String> told) {
        if (holding) {
            holding = false;
            held.stream().filter(line -> !told.contains(line)).forEach(super::println);
            held.clear();
            flush();
        }
        if (System.err == this) {
            System.setErr(err);
        }
    }

    /** Where the line that replaces a held report goes. */
    PrintStream original() {
        return err;
    }
}
