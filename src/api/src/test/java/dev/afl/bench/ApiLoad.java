package dev.afl.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.data.DataLocation;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop load run of the local API: N clients on loopback each send synchronous refinements
 * (POST /v1/refinements, a new session id every time, so every request plays the whole loop) of the real LastFM
 * test rows, one after another, for a fixed time after a warm-up. Prints throughput, latency percentiles and
 * errors as one JSON line. Driven by src/test/bench/api-load.sh, which starts the server.
 *
 * <p>Usage: {@code ApiLoad BASE_URL SECONDS CLIENTS WARMUP_SECONDS} (AFL_DATA_DIR names the data).
 */
public final class ApiLoad {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ApiLoad() {
    }

    public static void main(String[] args) throws Exception {
        URI refinements = URI.create(args[0] + "/v1/refinements");
        Duration measured = Duration.ofSeconds(Long.parseLong(args[1]));
        int clients = Integer.parseInt(args[2]);
        Duration warmUp = Duration.ofSeconds(Long.parseLong(args[3]));
        List<ObjectNode> bodies = bodies();
        // HTTP/1.1, one connection per client, as a gateway or a service's client pool talks to a backend (the JDK
        // client would otherwise upgrade to HTTP/2 and multiplex every client over one connection).
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        awaitServer(http, URI.create(args[0] + "/v1/sessions/readiness-probe"));

        long measureFrom = System.nanoTime() + warmUp.toNanos();
        long end = measureFrom + measured.toNanos();
        AtomicLong sequence = new AtomicLong();
        Map<String, AtomicLong> errors = new ConcurrentHashMap<>();
        AtomicLong rounds = new AtomicLong();
        List<Future<long[]>> clientsDone = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            for (int c = 0; c < clients; c++) {
                int client = c;
                clientsDone.add(pool.submit(() -> {
                    long[] latencies = new long[1 << 16];
                    int count = 0;
                    for (long sent = System.nanoTime(); sent < end; sent = System.nanoTime()) {
                        long n = sequence.getAndIncrement();
                        ObjectNode body = bodies.get((int) (n % bodies.size())).deepCopy();
                        body.put("sessionId", "load-" + client + "-" + n);
                        String failure = null;
                        int played = 0;
                        try {
                            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(refinements)
                                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (answer.statusCode() == 200) {
                                played = JSON.readTree(answer.body()).path("roundsPlayed").asInt();
                            } else {
                                failure = "HTTP " + answer.statusCode();
                            }
                        } catch (Exception e) {
                            failure = e.getClass().getSimpleName();
                        }
                        long done = System.nanoTime();
                        if (sent < measureFrom || done > end) {
                            continue; // warm-up, or finished after the window closed
                        }
                        if (failure != null) {
                            errors.computeIfAbsent(failure, k -> new AtomicLong()).incrementAndGet();
                        } else {
                            if (count == latencies.length) {
                                latencies = Arrays.copyOf(latencies, count * 2);
                            }
                            latencies[count++] = done - sent;
                            rounds.addAndGet(played);
                        }
                    }
                    return Arrays.copyOf(latencies, count);
                }));
            }
        }
        List<long[]> perClient = new ArrayList<>();
        for (Future<long[]> done : clientsDone) {
            perClient.add(done.get());
        }
        long[] all = perClient.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        long errorCount = errors.values().stream().mapToLong(AtomicLong::get).sum();
        double seconds = measured.toNanos() / 1e9;
        System.out.printf(Locale.ROOT, "{\"clients\": %d, \"seconds\": %.0f, \"warmUpSeconds\": %d, \"requests\": %d,"
                        + " \"errors\": %d, \"errorKinds\": %s, \"throughputPerSecond\": %.1f, \"p50Millis\": %.1f,"
                        + " \"p90Millis\": %.1f, \"p99Millis\": %.1f, \"maxMillis\": %.1f, \"meanRounds\": %.2f}%n",
                clients, seconds, warmUp.toSeconds(), all.length, errorCount, JSON.writeValueAsString(errors),
                all.length / seconds, percentile(all, 50), percentile(all, 90), percentile(all, 99),
                all.length == 0 ? 0 : all[all.length - 1] / 1e6,
                all.length == 0 ? 0 : rounds.get() / (double) all.length);
    }

    /** The refinements to send: every LastFM test row (10 history items, 20 candidates), with titles. */
    private static List<ObjectNode> bodies() {
        DataLocation data = new DataLocation(Path.of(Optional.ofNullable(System.getenv(DataLocation.DATA_DIR_VARIABLE))
                .orElse("../shared/data")), Path.of("target/cache"));
        Dataset lastfm = new ReferenceSplitImporter(data).load(KnownDataset.LASTFM);
        List<ObjectNode> bodies = new ArrayList<>();
        for (EvaluationCase c : EvaluationProtocol.PAPER.cases(lastfm, Split.TEST, 0)) {
            ObjectNode body = JSON.createObjectNode().put("dataset", "lastfm").put("maxRounds", 4);
            items(body.putArray("history"), c.history(), lastfm);
            items(body.putArray("candidates"), c.candidates(), lastfm);
            bodies.add(body);
        }
        return bodies;
    }

    private static void items(ArrayNode array, List<String> ids, Dataset dataset) {
        for (String id : ids) {
            array.addObject().put("id", id).put("title", dataset.catalog().require(id).title());
        }
    }

    private static void awaitServer(HttpClient http, URI probe) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                JsonNode answer = JSON.readTree(http.send(HttpRequest.newBuilder(probe).build(),
                        HttpResponse.BodyHandlers.ofString()).body());
                if (answer.has("status")) {
                    return;
                }
            } catch (Exception notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the API did not answer at " + probe + " within 60 s");
    }

    private static double percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
