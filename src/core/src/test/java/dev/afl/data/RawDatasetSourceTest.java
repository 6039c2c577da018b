package dev.afl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.afl.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads are exercised against a local HTTP server serving a zip of the real files. */
class RawDatasetSourceTest {

    private HttpServer server;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile byte[] archive;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ml-100k.zip", exchange -> {
            requests.incrementAndGet();
            exchange.sendResponseHeaders(200, archive.length);
            exchange.getResponseBody().write(archive);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private RawDatasetSource source(Path dataDir, Path cache, URI address) {
        return new RawDatasetSource(new DataLocation(dataDir, cache), a -> address, Duration.ofSeconds(5));
    }

    private URI address() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ml-100k.zip");
    }

    @Test
    void downloadsVerifiesAndCachesWhenTheDataPathLacksTheDataset(@TempDir Path temp) throws IOException {
        archive = zip(Map.of("ml-100k/u.data", read("u.data"), "ml-100k/u.item", read("u.item"),
                "ml-100k/README", "ignored".getBytes()));
        Path cache = temp.resolve("cache");
        Path folder = source(temp, cache, address()).locate(RawArchive.MOVIELENS_100K);
        assertThat(folder).isEqualTo(cache.resolve("ml-100k"));
        assertThat(MovieLensImporter.read(folder).interactions()).hasSize(100_000);
        assertThat(folder.resolve("README")).doesNotExist();
        // A second call uses the verified cache.
        source(null, cache, address()).locate(RawArchive.MOVIELENS_100K);
        assertThat(requests).hasValue(1);
    }

    @Test
    void theDataPathIsPreferredAndNothingIsWrittenBesideIt(@TempDir Path temp) {
        Path folder = source(TestData.dataDir(), temp, address()).locate(RawArchive.MOVIELENS_100K);
        assertThat(folder).isEqualTo(TestData.dataDir().resolve("ml-100k"));
        assertThat(requests).hasValue(0);
    }

    @Test
    void anAlteredFileIsRefusedAndNotCached(@TempDir Path temp) throws IOException {
        byte[] altered = read("u.item");
        altered[10] ^= 1;
        archive = zip(Map.of("u.data", read("u.data"), "u.item", altered));
        Path cache = temp.resolve("cache");
        assertThatThrownBy(() -> source(null, cache, address()).locate(RawArchive.MOVIELENS_100K))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("u.item")
                .hasMessageContaining("altered or corrupt");
        assertThat(cache.resolve("ml-100k")).doesNotExist();
    }

    @Test
    void offlineSaysHowToPointAtLocalData(@TempDir Path temp) {
        assertThatThrownBy(() -> source(null, temp, URI.create("http://127.0.0.1:1/ml-100k.zip"))
                .locate(RawArchive.MOVIELENS_100K)).isInstanceOf(MissingDataException.class)
                .hasMessageContaining("Could not download MovieLens-100K").hasMessageContaining("AFL_DATA_DIR")
                .hasMessageContaining("ml-100k/");
    }

    @Test
    void anArchiveWithoutTheFilesIsRefused(@TempDir Path temp) throws IOException {
        archive = zip(Map.of("ml-100k/u.data", read("u.data")));
        assertThatThrownBy(() -> source(null, temp, address()).locate(RawArchive.MOVIELENS_100K))
                .isInstanceOf(MissingDataException.class).hasMessageContaining("lacks [u.item]");
    }

    private static byte[] read(String name) throws IOException {
        return Files.readAllBytes(TestData.dataDir().resolve("ml-100k").resolve(name));
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
