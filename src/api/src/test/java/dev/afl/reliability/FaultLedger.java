package dev.afl.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one reliability test tried and injected, and what it found lost, duplicated or left running. The test
 * prints it and writes it to {@code target/reliability/<name>.json}; docs/RELIABILITY.md copies the figures.
 */
public final class FaultLedger {

    public static final String CASES = "casesTried";
    public static final String FAULTS = "faultsInjected";
    public static final String LOST = "roundsLost";
    public static final String DUPLICATED = "roundsDuplicated";
    public static final String NON_TERMINAL = "sessionsNonTerminal";

    private static final Path FOLDER = Path.of("target/reliability");

    private final String name;
    private final String injection;
    private final Map<String, Long> counts = new LinkedHashMap<>();

    /** A ledger with the five counts every fault class reports, at zero. */
    public FaultLedger(String name, String injection) {
        this.name = name;
        this.injection = injection;
        for (String count : new String[] {CASES, FAULTS, LOST, DUPLICATED, NON_TERMINAL}) {
            counts.put(count, 0L);
        }
    }

    public synchronized FaultLedger add(String count, long amount) {
        counts.merge(count, amount, Long::sum);
        return this;
    }

    public synchronized long get(String count) {
        return counts.getOrDefault(count, 0L);
    }

    /** Prints the counts and writes them as JSON; returns the file. */
    public synchronized Path write() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("injection", injection);
        out.putAll(counts);
        try {
            Files.createDirectories(FOLDER);
            Path file = FOLDER.resolve(name + ".json");
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
            System.out.println("reliability " + name + ": " + counts);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the reliability counts of " + name, e);
        }
    }
}
