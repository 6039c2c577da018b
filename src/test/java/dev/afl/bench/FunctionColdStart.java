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
 * hands it one event. Prints one JSON line: the time from JVM start to the handled event, the CPU time the process
 * spent to get there (what a busy machine inflates least), and the resident memory after it. Driven by src/test/bench/function-cold-start.sh; {@code setup} creates the session table.
 */
public final class FunctionColdStart {

    private FunctionColdStart() {
    }

    public static void main(String[] args) throws Exception {
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
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        long handled = System.currentTimeMillis();
        long cpuMillis = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1_000_000;
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .findFirst().orElse("VmRSS: 0 kB").replaceAll("[^0-9]", "");
        System.out.printf("{\"function\": \"%s\", \"coldStartMillis\": %d, \"cpuMillis\": %d,"
                + " \"jvmToHandlerMillis\": %d, \"rssMegabytes\": %.1f, \"response\": %s}%n", function, handled - jvmStart, cpuMillis,
                handlerLoad - jvmStart,
                Long.parseLong(rss) / 1024.0, new String(out.toByteArray(), StandardCharsets.UTF_8));
    }
}
