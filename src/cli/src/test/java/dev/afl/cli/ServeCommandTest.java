package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI binds no port: the other commands run with the port taken, and {@code serve} starts the API application
 * (src/api's runner jar, built before these tests) as a child process that answers on the port it is given, with its
 * health (readiness: the models' cards and the session folder) and Prometheus metrics (the HTTP server's request
 * timers) beside the API, and is gone once the CLI ends. A taken port, a bad port, an unknown host or an API that is
 * not built are refused in one line.
 */
@QuarkusMainTest
class ServeCommandTest {

    private static final String HTTP_PORT_OF_TESTS = "8081"; // quarkus.http.test-port's default

    @TempDir
    Path store;

    /** A failed test leaves no API running. */
    @AfterEach
    void stopLeftoverApis() {
        theApiProcesses().forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void commandsRunWhileTheHttpPortIsTaken(QuarkusMainLauncher launcher) throws IOException {
        try (ServerSocket taken = occupy(Integer.parseInt(HTTP_PORT_OF_TESTS))) {
            Path request = store.resolve("request.json");
            Files.writeString(request, "{\"dataset\": \"lastfm\", \"history\": [\"52\", \"63\", \"73\"],"
                    + " \"candidates\": [\"96\", \"995\", \"6160\"], \"maxRounds\": 2}");
            LaunchResult result = launcher.launch("refine", "--data-dir", dev.afl.TestData.dataDir().toString(),
                    "--request", request.toString(), "--store", store.toString());
            assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
            assertThat(result.getOutput()).contains("Final:");
            assertThat(result.getErrorOutput()).doesNotContain("in use", "Port");
        }
    }

    @Test
    void serveAnswersOnItsPortUntilStopped(QuarkusMainLauncher launcher) throws Exception {
        int port = freePort();
        CompletableFuture<LaunchResult> serving = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try {
                serving.complete(launcher.launch("serve", "--port", Integer.toString(port), "--store",
                        store.toString()));
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            }
        }, "serve-under-test");
        server.start();
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> unknown = awaitAnswer(client, URI.create("http://127.0.0.1:" + port + "/v1/sessions/none"),
                serving);
        ProcessHandle api = theApiProcess();
        assertThat(api.info().commandLine()).as("the API application, a child of the CLI").hasValueSatisfying(
                line -> assertThat(line).contains("-jar", "quarkus-run.jar", "-Dquarkus.http.port=" + port));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        HttpResponse<String> refined = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/v1/refinements"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"sessionId\": \"served-1\", \"dataset\": \"lastfm\", \"history\": [{\"id\": \"52\"}],"
                                + " \"candidates\": [{\"id\": \"96\"}, {\"id\": \"995\"}]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refined.statusCode()).as(refined.body()).isEqualTo(200);
        assertThat(refined.body()).contains("\"sessionId\":\"served-1\"", "\"finalItem\"");
        assertThat(store.resolve("served-1.json")).as("serve --store is where sessions go").exists();

        HttpResponse<String> health = get(client, port, "/q/health");
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\": \"UP\"", "\"name\": \"afl-refinements\"",
                "\"models.lastfm\": \"gru4rec, sasrec\"", store.toAbsolutePath().toString());
        HttpResponse<String> metrics = get(client, port, "/q/metrics");
        assertThat(refinementRequestsTimed(metrics)).as("POST /v1/refinements timed").isGreaterThan(0);
        // The loop's steps (StepMeters): the served session played at least one round of the three steps.
        for (String step : List.of("recommend", "reward", "judge")) {
            assertThat(metrics.body().lines().filter(line -> line.startsWith("afl_step_seconds_count{")
                    && line.contains("step=\"" + step + "\"")).mapToDouble(line -> Double.parseDouble(
                    line.substring(line.lastIndexOf(' ') + 1))).sum()).as("%s steps timed", step).isGreaterThan(0);
        }

        // The session folder replaced by a file: the server can no longer store sessions, and says so.
        try (var files = Files.walk(store)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        Files.writeString(store, "not a folder");
        HttpResponse<String> notReady = get(client, port, "/q/health/ready");
        assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
        assertThat(notReady.body()).contains("\"status\": \"DOWN\"", "is not writable", "serve --store");
        Files.delete(store);
        stopTheApplication(server);
        LaunchResult result = serving.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("AFL refinement API on http://127.0.0.1:" + port);
        assertThat(api.isAlive()).as("the API stopped with the CLI").isFalse();
        assertThat(theApiProcesses()).as("no API left running").isEmpty();
    }

    @Test
    void serveStartsOnAFreePortWhenGivenZero(QuarkusMainLauncher launcher) throws Exception {
        CompletableFuture<LaunchResult> serving = new CompletableFuture<>();
        Thread server = new Thread(() -> {
            try {
                serving.complete(launcher.launch("serve", "--port", "0", "--store", store.toString()));
            } catch (Throwable e) {
                serving.completeExceptionally(e);
            }
        }, "serve-under-test");
        server.start();
        ProcessHandle api = awaitTheApiProcess(serving);
        int port = Integer.parseInt(api.info().commandLine().orElseThrow()
                .replaceFirst(".*-Dquarkus\\.http\\.port=(\\d+).*", "$1"));
        assertThat(port).as("the free port chosen by serve").isPositive();
        HttpResponse<String> health = awaitAnswer(HttpClient.newHttpClient(),
                URI.create("http://127.0.0.1:" + port + "/q/health/live"), serving);
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        stopTheApplication(server);
        LaunchResult result = serving.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("AFL refinement API on http://127.0.0.1:" + port + "/v1");
        assertThat(api.isAlive()).as("the API stopped with the CLI").isFalse();
    }

    @Test
    void serveRefusesATakenPortInOneLine(QuarkusMainLauncher launcher) throws IOException {
        try (ServerSocket taken = occupy(0)) {
            LaunchResult result = launcher.launch("serve", "--port", Integer.toString(taken.getLocalPort()));
            assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
            assertThat(result.getErrorOutput()).contains("cannot listen on 127.0.0.1:" + taken.getLocalPort(),
                    "choose another --port").doesNotContain("at dev.afl", "at io.");
        }
    }

    @Test
    void serveRefusesABadPortOrHostInOneLine(QuarkusMainLauncher launcher) {
        LaunchResult port = launcher.launch("serve", "--port", "70000");
        assertThat(port.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(port.getErrorOutput()).contains("--port must be between 0 and 65535, got 70000")
                .doesNotContain("at dev.afl", "at io.");
        LaunchResult host = launcher.launch("serve", "--host", "no-such-host.invalid");
        assertThat(host.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(host.getErrorOutput()).contains("--host no-such-host.invalid is not a known host name or address")
                .doesNotContain("at dev.afl", "at io.");
        assertThat(theApiProcesses()).as("nothing started").isEmpty();
    }

    @Test
    void serveNamesTheBuildCommandWhenTheApiIsNotBuilt(QuarkusMainLauncher launcher) {
        String built = System.getProperty(ApiLauncher.JAR_PROPERTY);
        System.setProperty(ApiLauncher.JAR_PROPERTY, store.resolve("missing/quarkus-run.jar").toString());
        try {
            LaunchResult result = launcher.launch("serve", "--port", "0");
            assertThat(result.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
            assertThat(result.getErrorOutput()).contains("the HTTP API application is not built",
                    "missing/quarkus-run.jar", "./mvnw -B package -DskipTests -DskipFunctionPackages -pl src/cli,src/api"
                            + " -am").doesNotContain("at dev.afl", "at io.");
        } finally {
            if (built == null) {
                System.clearProperty(ApiLauncher.JAR_PROPERTY);
            } else {
                System.setProperty(ApiLauncher.JAR_PROPERTY, built);
            }
        }
    }

    /** The API applications this JVM started (serve's children), none once every serve has ended. */
    private static List<ProcessHandle> theApiProcesses() {
        return ProcessHandle.current().children().filter(ProcessHandle::isAlive).filter(child -> child.info()
                .commandLine().map(line -> line.contains("quarkus-run.jar")).orElse(false)).toList();
    }

    private static ProcessHandle theApiProcess() {
        List<ProcessHandle> running = theApiProcesses();
        assertThat(running).as("one API application started by serve").hasSize(1);
        return running.get(0);
    }

    private static ProcessHandle awaitTheApiProcess(CompletableFuture<LaunchResult> serving) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (theApiProcesses().isEmpty()) {
            if (serving.isDone()) {
                throw new AssertionError("serve ended before starting the API: " + serving.get().getErrorOutput());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("serve started no API application within 30 s");
            }
            Thread.sleep(50);
        }
        return theApiProcess();
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The count of the Prometheus timer of POST /v1/refinements (http_server_requests_seconds_count), summed. */
    private static double refinementRequestsTimed(HttpResponse<String> metrics) {
        assertThat(metrics.statusCode()).isEqualTo(200);
        List<String> counts = metrics.body().lines().filter(line -> line.startsWith("http_server_requests_seconds_count{")
                && line.contains("method=\"POST\"") && line.contains("uri=\"/v1/refinements\"")).toList();
        assertThat(counts).as("the timer of POST /v1/refinements in /q/metrics").isNotEmpty();
        return counts.stream().mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Holds the port for the test; if someone else holds it already, it is taken all the same. */
    private static ServerSocket occupy(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        } catch (BindException e) {
            socket.close();
            return new ServerSocket(); // already taken by another process: nothing for us to hold
        }
        return socket;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static HttpResponse<String> awaitAnswer(HttpClient client, URI uri, CompletableFuture<LaunchResult> serving)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (serving.isDone()) {
                LaunchResult early = serving.get();
                throw new AssertionError("serve ended before answering (exit " + early.exitCode() + "): "
                        + early.getErrorOutput());
            }
            try {
                return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("serve did not answer on " + uri + " within 60 s", notYet);
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * Asks the application serving in that thread to exit, as Ctrl+C would. It runs in its own class loader (the
     * thread's context loader while it runs), so its Quarkus is reached through that loader.
     */
    private static void stopTheApplication(Thread server) throws ReflectiveOperationException {
        Class<?> quarkus = Class.forName("io.quarkus.runtime.Quarkus", true, server.getContextClassLoader());
        quarkus.getMethod("asyncExit", int.class).invoke(null, 0);
    }
}
