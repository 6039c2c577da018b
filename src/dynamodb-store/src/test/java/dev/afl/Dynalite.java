package dev.afl;

import dev.afl.memory.dynamodb.SessionTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A real DynamoDB-compatible server for the tests: dynalite (npm), started on a free loopback port with
 * {@code --createTableMs 0}, with the session table created from {@link SessionTable}.
 */
public final class Dynalite implements AutoCloseable {

    public static final String TABLE = "afl-sessions-test";

    private final Process process;
    private final int port;

    private Dynalite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Dynalite start() {
        int port = freePort();
        try {
            // Tests run from the repository root, whose target/ a module build does not create.
            Path log = Files.createDirectories(Path.of("target")).resolve("dynalite-" + port + ".log");
            Process process = new ProcessBuilder(NodeTools.node().toString(),
                    NodeTools.script("node_modules/dynalite/cli.js").toString(), "--port", Integer.toString(port),
                    "--host", "127.0.0.1", "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                    .redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            Dynalite dynalite = new Dynalite(process, port);
            dynalite.awaitPort(Duration.ofSeconds(20));
            try (DynamoDbClient client = dynalite.client()) {
                client.createTable(SessionTable.createRequest(TABLE));
            }
            return dynalite;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start dynalite", e);
        }
    }

    /** The CPU time the server process has used so far (user and system), where /proc tells it; else -1. */
    public java.time.Duration cpuTime() {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
            return java.time.Duration.ofMillis(ticks * 10); // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException unavailable) {
            return java.time.Duration.ofMillis(-1);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public DynamoDbClient client() {
        return client(endpoint(), c -> { });
    }

    /** A client of this server whose calls pass through the given interceptors (fault injection). */
    public DynamoDbClient client(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(c -> java.util.Arrays.stream(interceptors).forEach(c::addExecutionInterceptor))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** A client that talks to this server's table through another endpoint (a fault-injecting proxy). */
    public static DynamoDbClient client(URI endpoint,
            java.util.function.Consumer<software.amazon.awssdk.core.client.config.ClientOverrideConfiguration.Builder>
                    configuration) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(configuration).httpClient(UrlConnectionHttpClient.create()).build();
    }

    /** Quarkus configuration that points the application's DynamoDB client at this server. */
    public java.util.Map<String, String> quarkusConfig() {
        return java.util.Map.of(
                "quarkus.dynamodb.endpoint-override", endpoint().toString(),
                "quarkus.dynamodb.aws.region", "us-east-1",
                "quarkus.dynamodb.aws.credentials.type", "static",
                "quarkus.dynamodb.aws.credentials.static-provider.access-key-id", "test",
                "quarkus.dynamodb.aws.credentials.static-provider.secret-access-key", "test",
                "afl.store.table", TABLE);
    }

    private void awaitPort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("dynalite exited with " + process.exitValue() + "; see target/dynalite-" + port
                        + ".log");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new AssertionError("dynalite did not listen on port " + port + " within " + timeout);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
