package dev.afl.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file store's writes reach the disk: each forces its temporary file before the rename and the folder after
 * it, so a power loss can take back neither the content nor the rename. Observed, not assumed: the JDK's own
 * {@code jdk.FileForce} events (JDK 22+) record every {@code FileChannel.force} with its path.
 */
class FileStoreDurabilityTest {

    static final String FILE_FORCE = "jdk.FileForce";

    @TempDir
    Path folder;

    @Test
    void everyWriteForcesItsFileBeforeTheRenameAndTheFolderAfterIt() throws Exception {
        assertThat(FlightRecorder.getFlightRecorder().getEventTypes()).extracting(EventType::getName)
                .as("this test reads the JDK's %s events (JDK 22 or later; the build uses 25)", FILE_FORCE)
                .contains(FILE_FORCE);
        Path store = Files.createDirectories(folder.resolve("sessions")).toRealPath();
        FileMemoryStore files = new FileMemoryStore(store);
        List<RecordedEvent> forces;
        try (Recording recording = new Recording()) {
            recording.enable(FILE_FORCE).withThreshold(Duration.ZERO);
            recording.start();
            files.create("durable", new SessionRequest("lastfm", items("1", "2"), items("3", "4"), 3,
                    "lastfm/gru4rec", "lastfm/sasrec"));
            files.appendRound("durable", new RoundRecord(1, "3", "Title 3", "because", 0.5f, 1, false, "no",
                    AgentTrace.offline("p"), AgentTrace.offline("q")));
            recording.stop();
            Path dump = folder.resolve("forces.jfr");
            recording.dump(dump);
            forces = RecordingFile.readAllEvents(dump).stream()
                    .filter(event -> event.getString("path") != null && event.getString("path")
                            .startsWith(store.toString()))
                    .sorted(Comparator.comparing(RecordedEvent::getStartTime)).toList();
        }

        List<String> paths = forces.stream().map(event -> event.getString("path")).toList();
        // Four writes: the session created, then the round's proposal, reward and judgement.
        assertThat(paths).as("the forces of four writes, in order").hasSize(8);
        for (int write = 0; write < 4; write++) {
            Path forcedFile = Path.of(paths.get(2 * write));
            assertThat(forcedFile.getParent()).isEqualTo(store);
            assertThat(forcedFile.getFileName().toString()).as("the temporary file, forced before it is renamed")
                    .startsWith("durable").endsWith(".tmp");
            assertThat(Path.of(paths.get(2 * write + 1))).as("the folder, forced after the rename").isEqualTo(store);
        }
        try (Stream<Path> left = Files.list(store)) {
            assertThat(left.map(p -> p.getFileName().toString())).containsExactly("durable.json");
        }
        assertThat(files.require("durable").rounds()).hasSize(1);
    }

    private static List<Item> items(String... ids) {
        return Stream.of(ids).map(id -> new Item(id, "Title " + id)).toList();
    }
}
