package dev.afl.cli;

import dev.afl.AflException;
import io.quarkus.runtime.Quarkus;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Serves the refinement API over HTTP until stopped. The listener itself is configured by {@link Main} from these
 * options before Quarkus starts; this command then only says where it listens and waits.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the refinement API over HTTP (POST /v1/refinements, POST /v1/sessions, GET"
                + " /v1/sessions/{id}; the OpenAPI document at /q/openapi, health at /q/health, Prometheus metrics at"
                + " /q/metrics) until stopped with Ctrl+C. No"
                + " authentication: it listens on 127.0.0.1 unless --host says otherwise.")
public class ServeCommand implements Callable<Integer> {

    static final String NAME = "serve";

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
    public Integer call() {
        if (!ConfigProvider.getConfig().getOptionalValue("quarkus.http.host-enabled", Boolean.class).orElse(false)) {
            // Main left the listener off: the address could not be bound when it looked (or options were refused).
            String reason = unavailable(host, port);
            throw new AflException(reason != null ? reason : "cannot listen on " + host + ":" + port + " (it was taken"
                    + " at start-up and is free now): run the command again.");
        }
        int actual = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(port);
        System.out.printf("AFL refinement API on http://%s:%d/v1 (OpenAPI: /q/openapi); Ctrl+C stops it.%n",
                host, actual);
        System.out.flush();
        Quarkus.waitForExit();
        return 0;
    }

    /**
     * The settings that turn the HTTP listener on, when the command line asks to serve; an empty map for every
     * other command, for options picocli will refuse (with its own message, once the command runs) and for an
     * address that cannot be bound (the command then says why: nothing here may exit, as the tests launch
     * commands in their own JVM).
     */
    static Map<String, String> listenerSettings(String... args) {
        if (args.length == 0 || !NAME.equals(args[0])) {
            return Map.of();
        }
        ServeCommand options = new ServeCommand();
        try {
            CommandLine.ParseResult parsed = new CommandLine(options)
                    .parseArgs(Arrays.copyOfRange(args, 1, args.length));
            if (parsed.isUsageHelpRequested() || parsed.isVersionHelpRequested()) {
                return Map.of();
            }
        } catch (CommandLine.ParameterException e) {
            return Map.of();
        }
        if (unavailable(options.host, options.port) != null) {
            return Map.of();
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.http.host-enabled", "true");
        settings.put("quarkus.http.host", options.host);
        settings.put("quarkus.http.port", Integer.toString(options.port));
        settings.put("quarkus.http.test-port", Integer.toString(options.port)); // what the test launch mode listens on
        if (options.store != null) {
            settings.put("afl.api.store-dir", options.store.toString());
        }
        return settings;
    }

    /** Why the listener could not bind host:port, or null when it can (checked now, so the user gets one line). */
    private static String unavailable(String host, int port) {
        if (port < 0 || port > 65535) {
            return "--port must be between 0 and 65535, got " + port + ".";
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return "--host " + host + " is not a known host name or address: use 127.0.0.1, 0.0.0.0 or an address of"
                    + " this machine.";
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(address, port));
            return null;
        } catch (BindException e) {
            return "cannot listen on " + host + ":" + port + " (" + e.getMessage() + "): the port is in use or the"
                    + " address is not this machine's; stop the other server or choose another --port / --host.";
        } catch (IOException e) {
            return "cannot listen on " + host + ":" + port + " (" + e.getMessage() + ").";
        }
    }
}
