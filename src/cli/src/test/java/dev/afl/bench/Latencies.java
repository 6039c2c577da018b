package dev.afl.bench;

import java.util.Arrays;

/** Per-call latencies of one measured run, summarised as the benchmarks report them (microseconds). */
public record Latencies(int calls, double p50Micros, double p90Micros, double p99Micros, double meanMicros) {

    public static Latencies of(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(Double.NaN) / 1e3;
        return new Latencies(sorted.length, percentile(sorted, 0.50), percentile(sorted, 0.90),
                percentile(sorted, 0.99), mean);
    }

    /** Calls per second one thread sustains at this mean latency. */
    public double callsPerSecond() {
        return 1e6 / meanMicros;
    }

    /** Nearest-rank percentile, in microseconds. */
    private static double percentile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)] / 1e3;
    }
}
