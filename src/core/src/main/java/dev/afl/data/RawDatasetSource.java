package dev.afl.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Finds a raw dataset's folder: under the data path if it is there, else in the cache, else downloads the
 * archive from its canonical address into the cache. Every file is checked against its sha256 wherever it
 * comes from; nothing is ever written under the data path.
 */
public final class RawDatasetSource {

    private final DataLocation location;
    private final Function<RawArchive, URI> addresses;
    private final Duration timeout;

    public RawDatasetSource(DataLocation location) {
        this(location, RawArchive::address, Duration.ofSeconds(60));
    }

    /** For tests and mirrors: download from other addresses. */
    public RawDatasetSource(DataLocation location, Function<RawArchive, URI> addresses, Duration timeout) {
        this.location = location;
        this.addresses = addresses;
        this.timeout = timeout;
    }

    /** The folder holding the archive's files, verified, downloading them into the cache if needed. */
    public Path locate(RawArchive archive) {
        if (location.dataDirIfSet().isPresent()) {
            Path underData = location.dataDir().resolve(archive.folder());
            if (hasAllFiles(underData, archive)) {
                verify(underData, archive);
                return underData;
            }
        }
        Path cached = location.cacheDir().resolve(archive.folder());
        if (hasAllFiles(cached, archive)) {
            verify(cached, archive);
            return cached;
        }
        download(archive, cached);
        return cached;
    }

    private static boolean hasAllFiles(Path folder, RawArchive archive) {
        return archive.sha256ByFile().keySet().stream().allMatch(name -> Files.isRegularFile(folder.resolve(name)));
    }

    private static void verify(Path folder, RawArchive archive) {
        archive.sha256ByFile().forEach((name, expected) -> {
            Path file = folder.resolve(name);
            String actual = Checksums.sha256(file);
            if (!actual.equals(expected)) {
                throw new DataFormatException(file, "sha256 is " + actual + " but the published " + archive.title()
                        + " file has " + expected + ": the copy is altered or corrupt. Replace it with the original"
                        + " from " + archive.address() + ".");
            }
        });
    }

    private void download(RawArchive archive, Path target) {
        URI address = addresses.apply(archive);
        Path staging;
        try {
            Files.createDirectories(target.getParent());
            staging = Files.createTempDirectory(target.getParent(), archive.folder() + ".download-");
        } catch (IOException e) {
            throw new MissingDataException("Cannot create the cache folder " + target.getParent()
                    + " for downloading " + archive.title() + ": " + e.getMessage()
                    + ". Set " + DataLocation.CACHE_DIR_VARIABLE + " to a writable folder.");
        }
        System.err.printf("Downloading %s from %s into %s ...%n", archive.title(), address, target);
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpRequest request = HttpRequest.newBuilder(address).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw offline(archive, address, "the server answered HTTP " + response.statusCode());
                }
                extract(body, archive, staging);
            }
            verify(staging, archive);
            moveIntoPlace(staging, target);
        } catch (IOException e) {
            throw offline(archive, address, e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw offline(archive, address, "interrupted");
        } finally {
            deleteQuietly(staging);
        }
    }

    /** Keeps only the files we read, wherever they sit inside the zip. */
    private static void extract(InputStream zip, RawArchive archive, Path staging) throws IOException {
        Set<String> wanted = archive.sha256ByFile().keySet();
        Set<String> found = new HashSet<>();
        try (ZipInputStream entries = new ZipInputStream(zip)) {
            ZipEntry entry;
            while ((entry = entries.getNextEntry()) != null) {
                String name = Path.of(entry.getName()).getFileName().toString();
                if (!entry.isDirectory() && wanted.contains(name) && found.add(name)) {
                    Files.copy(entries, staging.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Set<String> missing = new HashSet<>(wanted);
        missing.removeAll(found);
        if (!missing.isEmpty()) {
            throw new IOException("the archive lacks " + missing);
        }
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        Files.createDirectories(target);
        for (Path file : (Iterable<Path>) Files.list(staging)::iterator) {
            Files.move(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private MissingDataException offline(RawArchive archive, URI address, String reason) {
        return new MissingDataException("Could not download " + archive.title() + " from " + address + " ("
                + reason + "). If this machine is offline: download " + address.getPath().replaceAll(".*/", "")
                + " elsewhere, unzip it so that its files sit in a folder named " + archive.folder()
                + "/, and set " + DataLocation.DATA_DIR_VARIABLE + " (or --data-dir) to the folder that holds "
                + archive.folder() + "/ (or put " + archive.folder() + "/ under " + location.cacheDir() + ").");
    }

    private static void deleteQuietly(Path folder) {
        try (var files = Files.walk(folder)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException ignored) {
            // a leftover staging folder in the cache is harmless and is replaced by the next download
        }
    }
}
