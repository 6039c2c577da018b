package dev.afl.function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An S3-compatible object store on 127.0.0.1 for the tests, speaking the REST wire format the SDK uses for
 * GetObject and PutObject (path-style addressing, NoSuchKey errors as XML, aws-chunked uploads decoded). In the core's
 * test-jar, so the function modules and the CLI's Bedrock batch tests share it; the core has no AWS SDK, so an S3
 * client of it is built where the SDK is ({@code LambdaFunctionResources#s3Client}).
 */
public final class LocalS3 implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();

    public LocalS3() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where it listens (path-style requests: {@code /bucket/key}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void put(String bucket, String key, String content) {
        objects.put(bucket + "/" + key, content.getBytes(StandardCharsets.UTF_8));
    }

    public String get(String bucket, String key) {
        byte[] content = objects.get(bucket + "/" + key);
        return content == null ? null : new String(content, StandardCharsets.UTF_8);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = URI.create(exchange.getRequestURI().getRawPath()).getPath().substring(1);
            switch (exchange.getRequestMethod()) {
                case "GET" -> {
                    byte[] content = objects.get(path);
                    if (content == null) {
                        byte[] error = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code>"
                                + "<Message>The specified key does not exist.</Message><Key>" + path + "</Key></Error>")
                                .getBytes(StandardCharsets.UTF_8);
                        exchange.getResponseHeaders().add("Content-Type", "application/xml");
                        exchange.sendResponseHeaders(404, error.length);
                        exchange.getResponseBody().write(error);
                        return;
                    }
                    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                    exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(content))
                            + "\"");
                    exchange.sendResponseHeaders(200, content.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(content);
                    }
                }
                case "PUT" -> {
                    byte[] body = exchange.getRequestBody().readAllBytes();
                    String sha = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
                    if ((sha != null && sha.startsWith("STREAMING-")) || (encoding != null && encoding.contains("aws-chunked"))) {
                        body = unchunk(body);
                    }
                    objects.put(path, body);
                    exchange.getResponseHeaders().add("ETag", "\"" + Integer.toHexString(java.util.Arrays.hashCode(body))
                            + "\"");
                    exchange.sendResponseHeaders(200, -1);
                }
                default -> exchange.sendResponseHeaders(405, -1);
            }
        }
    }

    /** The payload of an aws-chunked body: "size-in-hex[;chunk-signature=...]\r\n" data "\r\n", until size 0. */
    private static byte[] unchunk(byte[] body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = new java.io.ByteArrayInputStream(body);
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
            in.read(); // \r
            in.read(); // \n
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
