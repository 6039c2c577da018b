package dev.afl.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The harness of src/test/bench/function-cold-start.sh, self-contained (JDK only) so that the script compiles it
 * with {@code javac} and puts nothing of the project's on a function's class path but the function's own package.
 *
 * <ul>
 * <li>{@code <function> <event file> [response file]}: one cold start of an unzipped function package, the way the
 * AWS java21 runtime runs it: a fresh JVM on the package's class path loads {@code QuarkusStreamHandler} (which
 * boots Quarkus and the handler named by {@code QUARKUS_LAMBDA_HANDLER}) and hands it one event. Prints one JSON
 * line: the time from JVM start to the handled event, split into JVM start to handler, Quarkus initialisation (the
 * handler's constructor) and the first event (Quarkus start, models loaded, the event handled); the CPU time the
 * process had used by then (which other load on the machine stretches least); the resident memory after it; and
 * the same event once more, warm. The handler is called by reflection: the harness is compiled without the
 * Lambda interfaces, which come from the package.</li>
 * <li>{@code setup <dynamodb endpoint> <table>}: creates the session table in dynalite.</li>
 * <li>{@code s3 <port> <directory>}: a path-style S3 on 127.0.0.1 over a directory (GetObject, PutObject), for the
 * aggregate function.</li>
 * <li>{@code summary <results.jsonl> <sizes.tsv> <baseline>}: one row per function, with its ratio to the baseline
 * function (the bare echo function run in the same loop) and the targets of issue 16.</li>
 * </ul>
 */
public final class FunctionColdStart {

    /** Issue 16's targets: package size (MiB, where one is set) and cold start as a multiple of the baseline. */
    private record Target(Double packageMebibytes, Double coldStartRatio) {
    }

    private static final Map<String, Target> TARGETS = Map.of(
            "start", new Target(30.0, 1.5), "judge", new Target(30.0, 1.5), "finalize", new Target(30.0, 1.5),
            "recommend", new Target(null, 2.0), "reward", new Target(null, 2.0));
    private static final double RSS_TARGET_MEGABYTES = 200;

    private FunctionColdStart() {
    }

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "summary" -> summary(Path.of(args[1]), Path.of(args[2]), args[3]);
            case "setup" -> createTable(args[1], args[2]);
            case "s3" -> serveS3(Integer.parseInt(args[1]), Path.of(args[2]));
            default -> coldStart(args[0], Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
        }
    }

    private static void coldStart(String function, Path eventFile, Path responseFile) throws Exception {
        byte[] event = Files.readAllBytes(eventFile);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long handlerLoad = System.currentTimeMillis();
        Object handler = Class.forName("io.quarkus.amazon.lambda.runtime.QuarkusStreamHandler")
                .getDeclaredConstructor().newInstance();
        Method handle = handler.getClass().getMethod("handleRequest", InputStream.class, OutputStream.class,
                Class.forName("com.amazonaws.services.lambda.runtime.Context"));
        long initialised = System.currentTimeMillis();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handle.invoke(handler, new ByteArrayInputStream(event), out, null);
        long handled = System.currentTimeMillis();
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .findFirst().orElse("VmRSS: 0 kB").replaceAll("[^0-9]", "");
        // The same event once more, warm: a delivered-again step, so it reads and answers without writing.
        handle.invoke(handler, new ByteArrayInputStream(event), new ByteArrayOutputStream(), null);
        long warm = System.currentTimeMillis() - handled;
        if (responseFile != null) {
            Files.write(responseFile, out.toByteArray());
        }
        // The response goes last: summary() reads the figures before it.
        System.out.printf(Locale.ROOT, "{\"function\": \"%s\", \"coldStartMillis\": %d, \"jvmToHandlerMillis\": %d,"
                + " \"quarkusInitMillis\": %d, \"firstEventMillis\": %d, \"warmEventMillis\": %d, \"cpuMillis\": %d,"
                + " \"rssMegabytes\": %.1f, \"response\": %s}%n", function, handled - jvmStart, handlerLoad - jvmStart,
                initialised - handlerLoad, handled - initialised, warm, cpuMillis, Long.parseLong(rss) / 1024.0,
                new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    /**
     * The session table, as {@code dev.afl.memory.dynamodb.SessionTable.createRequest} and infra/template.yaml
     * declare it (partition key {@code sessionId}, sort key {@code sk}, both strings, on demand). dynalite checks
     * that a request is signed, not the signature.
     */
    private static void createTable(String endpoint, String table) throws IOException, InterruptedException {
        String body = """
                {"TableName": "%s", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "sessionId", "AttributeType": "S"},
                                          {"AttributeName": "sk", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "sessionId", "KeyType": "HASH"},
                               {"AttributeName": "sk", "KeyType": "RANGE"}]}""".formatted(table);
        String now = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", "DynamoDB_20120810.CreateTable").header("X-Amz-Date", now)
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=bench/" + now.substring(0, 8)
                        + "/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("dynalite at " + endpoint + " refused CreateTable " + table + ": "
                        + response.statusCode() + " " + response.body());
            }
        }
    }

    /**
     * GetObject and PutObject, path-style ({@code /bucket/key}), over files under {@code root}; a missing object
     * is S3's NoSuchKey error. Uploads in aws-chunked encoding (the SDK's default with checksums) are decoded.
     */
    private static void serveS3(int port, Path root) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                Path file = root.resolve(URI.create(exchange.getRequestURI().getRawPath()).getPath().substring(1))
                        .normalize();
                if (!file.startsWith(root)) {
                    exchange.sendResponseHeaders(403, -1);
                } else if (exchange.getRequestMethod().equals("GET")) {
                    getObject(exchange, file);
                } else if (exchange.getRequestMethod().equals("PUT")) {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                    if ((sha != null && sha.startsWith("STREAMING-"))
                            || (encoding != null && encoding.contains("aws-chunked"))) {
                        body = unchunk(body);
                    }
                    Files.createDirectories(file.getParent());
                    Files.write(file, body);
                    exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body))
                            + "\"");
                    exchange.sendResponseHeaders(200, -1);
                } else {
                    exchange.sendResponseHeaders(405, -1);
                }
            }
        });
        server.start();
    }

    private static void getObject(HttpExchange exchange, Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                    + "<Message>The specified key does not exist.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/xml");
            exchange.sendResponseHeaders(404, error.length);
            exchange.getResponseBody().write(error);
            return;
        }
        byte[] content = Files.readAllBytes(file);
        exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
        exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(content)) + "\"");
        exchange.sendResponseHeaders(200, content.length);
        exchange.getResponseBody().write(content);
    }

    /** The payload of an aws-chunked body: "size-in-hex[;chunk-signature=...]\r\n" data "\r\n", until size 0. */
    private static byte[] unchunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(body);
        while (true) {
            StringBuilder header = new StringBuilder();
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                header.append((char) c);
            }
            String size = header.toString().strip();
            int semicolon = size.indexOf(';');
            int length = Integer.parseInt(semicolon >= 0 ? size.substring(0, semicolon) : size, 16);
            if (length == 0) {
                return out.toByteArray();
            }
            out.write(in.readNBytes(length));
            in.skipNBytes(2); // \r\n
        }
    }

    /**
     * One row per function: package size, median cold start over the runs (and every run), its ratio to the
     * baseline's median in the same results, the CPU time's median and ratio, the largest resident memory, and
     * issue 16's targets with pass or fail.
     */
    private static void summary(Path results, Path sizes, String baseline) throws IOException {
        Map<String, List<Map<String, Double>>> runs = new LinkedHashMap<>();
        for (String line : Files.readAllLines(results)) {
            if (line.startsWith("{")) {
                String figures = line.contains("\"response\"") ? line.substring(0, line.indexOf("\"response\"")) : line;
                Matcher name = Pattern.compile("\"function\": \"([^\"]+)\"").matcher(figures);
                if (!name.find()) {
                    throw new IllegalStateException("A result line without its function: " + line);
                }
                Map<String, Double> run = new LinkedHashMap<>();
                Matcher field = Pattern.compile("\"(\\w+)\": (-?[0-9.]+)").matcher(figures);
                while (field.find()) {
                    run.put(field.group(1), Double.parseDouble(field.group(2)));
                }
                runs.computeIfAbsent(name.group(1), f -> new ArrayList<>()).add(run);
            }
        }
        // sizes.tsv: function, zip bytes, unzipped bytes, the zip's path.
        Map<String, long[]> packageBytes = new LinkedHashMap<>();
        for (String line : Files.readAllLines(sizes)) {
            String[] columns = line.split("\t");
            packageBytes.put(columns[0], new long[] {Long.parseLong(columns[1]), Long.parseLong(columns[2])});
        }
        if (!runs.containsKey(baseline)) {
            throw new IllegalStateException("No run of the baseline function '" + baseline + "' in " + results);
        }
        double baseCold = median(runs.get(baseline), "coldStartMillis");
        double baseCpu = median(runs.get(baseline), "cpuMillis");
        System.out.println("| function | package, zip / unzipped (MiB) | n | cold start, median (ms) | runs (ms) | ratio to " + baseline
                + " | JVM to handler / Quarkus init / first event, medians (ms) | CPU to the event, median (ms)"
                + " | CPU ratio to " + baseline + " | warm event, median (ms) | resident memory, max (MB)"
                + " | targets (issue 16) | met |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        runs.forEach((function, list) -> {
            long[] bytes = packageBytes.getOrDefault(function, new long[2]);
            double mebibytes = bytes[0] / 1048576.0;
            double cold = median(list, "coldStartMillis");
            double ratio = cold / baseCold;
            double rss = list.stream().mapToDouble(run -> run.get("rssMegabytes")).max().orElse(0);
            List<String> targets = new ArrayList<>();
            boolean met = true;
            Target target = TARGETS.get(function);
            if (target != null && target.packageMebibytes() != null) {
                targets.add(String.format(Locale.ROOT, "package <= %.0f MiB", target.packageMebibytes()));
                met &= mebibytes <= target.packageMebibytes();
            }
            if (target != null) {
                targets.add(String.format(Locale.ROOT, "cold start <= %.1fx", target.coldStartRatio()));
                met &= ratio <= target.coldStartRatio();
            }
            if (!function.equals(baseline)) {
                targets.add(String.format(Locale.ROOT, "RSS <= %.0f MB", RSS_TARGET_MEGABYTES));
                met &= rss <= RSS_TARGET_MEGABYTES;
            }
            System.out.printf(Locale.ROOT, "| %s | %.1f / %.1f | %d | %.0f | %s | %.2f | %.0f / %.0f / %.0f | %.0f | %.2f | %.0f"
                    + " | %.0f | %s | %s |%n", function, mebibytes, bytes[1] / 1048576.0, list.size(), cold,
                    String.join(", ", list.stream().map(run -> String.format(Locale.ROOT, "%.0f",
                            run.get("coldStartMillis"))).toList()),
                    ratio, median(list, "jvmToHandlerMillis"), median(list, "quarkusInitMillis"),
                    median(list, "firstEventMillis"), median(list, "cpuMillis"), median(list, "cpuMillis") / baseCpu,
                    median(list, "warmEventMillis"), rss, targets.isEmpty() ? "(baseline)" : String.join(", ", targets),
                    targets.isEmpty() ? "" : met ? "yes" : "**no**");
        });
    }

    private static double median(List<Map<String, Double>> runs, String field) {
        double[] values = runs.stream().mapToDouble(run -> run.get(field)).sorted().toArray();
        return values.length % 2 == 1 ? values[values.length / 2]
                : (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
    }
}
