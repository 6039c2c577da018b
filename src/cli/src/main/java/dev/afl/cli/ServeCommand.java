package dev.afl.cli;

import dev.afl.AflException;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves the refinement API over HTTP until stopped: checks the options (one line for a bad port, an unknown host
 * or an address that cannot be bound), then runs the API application (src/api) as a child process and waits for
 * it. When the CLI is stopped (Ctrl+C, or the application asked to exit) the child is stopped gracefully with it.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the refinement API over HTTP, with a page to watch sessions, until stopped with"
                + " Ctrl+C.",
            "The API: POST /v1/refinements, POST /v1/sessions, GET /v1/sessions/{id}, its rounds as they are played"
                + " at /v1/sessions/{id}/events, the catalogs at /v1/datasets; the watch page at /, the OpenAPI"
                + " document at /q/openapi, health at /q/health, Prometheus metrics at /q/metrics. No"
                + " authentication: it listens on 127.0.0.1 unless --host says otherwise."})
public class ServeCommand implements Callable<Integer> {

    /** How long the API may take to listen after it started (it loads no model before its first request). */
    static final Duration START_DEADLINE = Duration.ofMinutes(2);
    /** How long a stopped API may take to finish its requests and close, before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(30);

    @Option(names = "--port", defaultValue = "8080",
            description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1",
            description = "Interface to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
    String host;

    @Option(names = "--store", paramLabel = "DIR", description = "Session folder (default: afl.api.store-dir, else"
            + " AFL_STATE_DIR, else ~/.local/share/afl/sessions).")
    Path store;

    @Override
    public Integer call() throws InterruptedException {
        InetAddress address = address(host, port);
        int listenOn = freePort(address, host, port);
        Process api = ApiLauncher.start(host, listenOn, store);
        AtomicBoolean cliStopping = new AtomicBoolean(false);
        Thread stopWithTheCli = new Thread(() -> {
            cliStopping.set(true);
            stop(api);
        }, "afl-serve-stop");
        Runtime.getRuntime().addShutdownHook(stopWithTheCli);
        // The API ending by itself (it failed to start, or was stopped on its own) ends the command too.
        AtomicBoolean waiting = new AtomicBoolean(true);
        api.onExit().thenRun(() -> {
            if (waiting.get()) {
                Quarkus.asyncExit();
            }
        });
        try {
            if (awaitListening(api, address, listenOn)) {
                System.out.printf("AFL refinement API on http://%s:%d/v1 (OpenAPI: /q/openapi); Ctrl+C stops it.%n",
                        host, listenOn);
                System.out.flush();
                Quarkus.waitForExit();
            }
            if (api.isAlive()) {
                stop(api); // the CLI was asked to exit: the API goes with it
                return 0;
            }
            int exit = api.exitValue();
            if (exit != 0 && !cliStopping.get()) { // not when Ctrl+C stopped both while the API was starting
                System.err.println("error: the HTTP API exited with code " + exit + " (its log above says why).");
            }
            return exit;
        } finally {
            waiting.set(false);
            stop(api);
            try {
                Runtime.getRuntime().removeShutdownHook(stopWithTheCli);
            } catch (IllegalStateException shuttingDown) {
                // The JVM is exiting: the hook is running or has run.
            }
        }
    }

    /** Waits until the API accepts connections (true), or it ended (false); refuses an API that never listens. */
    private static boolean awaitListening(Process api, InetAddress address, int port) throws InterruptedException {
        InetAddress target = address.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : address;
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        while (api.isAlive()) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress(target, port), 1000);
                return true;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new AflException("the HTTP API did not listen on " + target.getHostAddress() + ":" + port
                            + " within " + START_DEADLINE.toSeconds() + " s (its log above says why).");
                }
                api.waitFor(100, TimeUnit.MILLISECONDS);
            }
        }
        return false;
    }

    /** Asks the API to stop (SIGTERM: it finishes its requests and closes), and kills it if it does not in time. */
    private static void stop(Process api) {
        if (!api.isAlive()) {
            return;
        }
        api.destroy();
        try {
            if (!api.waitFor(STOP_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                api.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            api.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The address to listen on, after the port's range and the host are checked (one line each when wrong). */
    private static InetAddress address(String host, int port) {
        if (port < 0 || port > 65535) {
            throw new AflException("--port must be between 0 and 65535, got " + port + ".");
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new AflException("--host " + host + " is not a known host name or address: use 127.0.0.1, 0.0.0.0"
                    + " or an address of this machine.");
        }
    }

    /**
     * The port, checked free now so the user gets one line rather than the API's failed start; for port 0 the free
     * port chosen here, so that the URL printed is the one the API listens on.
     */
    private static int freePort(InetAddress address, String host, int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return probe.getLocalPort();
        } catch (BindException e) {
            throw new AflException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): the port is"
                    + " in use or the address is not this machine's; stop the other server or choose another --port /"
                    + " --host.");
        } catch (IOException e) {
            throw new AflException("cannot listen on " + host + ":" + port + " (" + e.getMessage() + ").");
        }
    }
}
