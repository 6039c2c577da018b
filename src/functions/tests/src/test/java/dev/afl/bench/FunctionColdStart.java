package dev.afl.bench;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * One cold start of a function package, the way the AWS java21 runtime runs it: a fresh JVM on the unzipped
 * package's classpath loads {@code QuarkusStreamHandler} (which boots Quarkus and the selected handler) and
 * hands it one event. Prints one JSON line: the time from JVM start to the handled event, split into JVM start to
 * handler, Quarkus initialisation (the handler's constructor) and the first event (Quarkus start, models loaded,
 * the event handled); the CPU time the process had used by then (which other load on the machine does not
 * stretch); the resident memory after it; and the same event once more, warm. Driven by
 * src/test/bench/function-cold-start.sh; {@code setup} creates the session table and {@code summary} prints the
 * runs of a results file as a table.
 */
public final class FunctionColdStart {

    private FunctionColdStart() {
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("summary")) {
            summary(Path.of(args[1]));
            return;
        }
        if (args[0].equals("setup")) {
            try (DynamoDbClient client = DynamoDbClient.builder().endpointOverride(URI.create(args[1]))
                    .region(Region.US_EAST_1).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                    .build()) {
                client.createTable(dev.afl.memory.dynamodb.SessionTable.createRequest(args[2]));
            }
            return;
        }
        String function = args[0];
        byte[] event = Files.readAllBytes(Path.of(args[1]));
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long handlerLoad = System.currentTimeMillis();
        RequestStreamHandler handler = (RequestStreamHandler) Class
                .forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler").getDeclaredConstructor().newInstance();
        long initialised = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long handled = System.currentTimeMillis();
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .findFirst().orElse("VmRSS: 0 kB").replaceAll("[^0-9]", "");
        // The same event once more, warm: a delivered-again step, so it reads and answers without writing.
        handler.handleRequest(new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
        long warm = System.currentTimeMillis() - handled;
        System.out.printf("{\"function\": \"%s\", \"coldStartMillis\": %d, \"jvmToHandlerMillis\": %d,"
                + " \"quarkusInitMillis\": %d, \"firstEventMillis\": %d, \"warmEventMillis\": %d, \"cpuMillis\": %d,"
                + " \"rssMegabytes\": %.1f, \"response\": %s}%n", function, handled - jvmStart, handlerLoad - jvmStart,
                initialised - handlerLoad, handled - initialised, warm, cpuMillis, Long.parseLong(rss) / 1024.0,
                new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    /** One row per function: the median cold start and CPU time over the runs, every run, the largest RSS. */
    private static void summary(Path results) throws java.io.IOException {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Map<String, java.util.List<com.fasterxml.jackson.databind.JsonNode>> runs =
                new java.util.LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            if (line.startsWith("{")) {
                var run = json.readTree(line);
                runs.computeIfAbsent(run.get("function").asText(), f -> new java.util.ArrayList<>()).add(run);
            }
        }
        System.out.println("| function | cold start, median (ms) | runs (ms) | JVM to handler / Quarkus init / first"
                + " event, medians (ms) | CPU time to the event, median (ms) | warm event, median (ms)"
                + " | resident memory after the event, max (MB) |");
        System.out.println("|---|---|---|---|---|---|---|");
        runs.forEach((function, list) -> System.out.printf(java.util.Locale.ROOT,
                "| %s | %d | %s | %d / %d / %d | %d | %d | %.0f |%n", function, median(list, "coldStartMillis"),
                String.join(", ", list.stream().map(run -> run.get("coldStartMillis").asText()).toList()),
                median(list, "jvmToHandlerMillis"), median(list, "quarkusInitMillis"), median(list, "firstEventMillis"),
                median(list, "cpuMillis"), median(list, "warmEventMillis"),
                list.stream().mapToDouble(run -> run.get("rssMegabytes").asDouble()).max().orElse(0)));
    }

    private static long median(java.util.List<com.fasterxml.jackson.databind.JsonNode> runs, String field) {
        long[] values = runs.stream().mapToLong(run -> run.get(field).asLong()).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
