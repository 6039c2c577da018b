package dev.afl.memory;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AgentTrace;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The embedded store for local runs: one JSON file per session in a folder, replaced atomically and durably on
 * every write (forced to disk, renamed, the folder forced), so sessions survive a restart, a crash never leaves
 * half a file, and a power loss does not take back a write that returned. One process at a time; within it,
 * each session's read-change-write is serialised, while different sessions (the API's concurrent requests) go
 * on in parallel.
 */
public final class FileMemoryStore implements MemoryStore {

    private static final ObjectMapper JSON = AflJson.records();

    /** Locks by session id (striped: a fixed number, however many sessions there are). */
    private static final int LOCK_STRIPES = 64;

    private final Path folder;
    private final Clock clock;
    private final Object[] locks = new Object[LOCK_STRIPES];

    public FileMemoryStore(Path folder) {
        this(folder, Clock.systemUTC());
    }

    public FileMemoryStore(Path folder, Clock clock) {
        this.folder = folder;
        this.clock = clock;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new SessionStoreUnwritableException("create the session folder", folder, e);
        }
    }

    @Override
    public Session create(String sessionId, SessionRequest request) {
        MemoryStore.checkId(sessionId);
        synchronized (lock(sessionId)) {
            Session existing = find(sessionId).orElse(null);
            Session created = SessionTransitions.create(existing, sessionId, request, clock.instant());
            return created == null ? existing : write(created);
        }
    }

    @Override
    public Session saveProposal(Session current, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender) {
        return update(current.id(), session -> SessionTransitions.propose(session, round, itemId, itemTitle, reason,
                recommender, clock.instant()));
    }

    @Override
    public Session saveReward(Session current, int round, float score, int rank, List<Float> scores) {
        return update(current.id(), session -> SessionTransitions.reward(session, round, score, rank, scores,
                clock.instant()));
    }

    @Override
    public Session saveJudgement(Session current, int round, boolean accepted, String reason, AgentTrace user) {
        return update(current.id(), session -> SessionTransitions.judge(session, round, accepted, reason, user,
                clock.instant()));
    }

    @Override
    public Session finish(Session current, SessionStatus status, String finalItemId, String failure) {
        return update(current.id(), session -> SessionTransitions.finish(session, status, finalItemId, failure,
                clock.instant()));
    }

    @Override
    public Session recordResultPublished(Session current) {
        return update(current.id(), session -> SessionTransitions.resultPublished(session, clock.instant()));
    }

    @Override
    public Optional<Session> find(String sessionId) {
        Path file = file(MemoryStore.checkId(sessionId));
        synchronized (lock(sessionId)) { // where a move cannot be atomic, a read must not meet half a file
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            try {
                return Optional.of(JSON.readValue(file.toFile(), Session.class));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read session file " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private Session update(String sessionId, UnaryOperator<Session> change) {
        synchronized (lock(sessionId)) {
            Session session = require(sessionId);
            Session changed = change.apply(session);
            return changed == null ? session : write(changed);
        }
    }

    private Object lock(String sessionId) {
        return locks[Math.floorMod(sessionId.hashCode(), locks.length)];
    }

    /**
     * Writes the session durably: a temporary file in the same folder, forced to disk, renamed over the session's
     * file in one step, then the folder forced, so the rename itself survives a power loss. A crash at any point
     * leaves the previous file or the new one, never half of one, and a write that returned is on disk.
     */
    private Session write(Session session) {
        Path file = file(session.id());
        Path temporary = null;
        try {
            temporary = Files.createTempFile(folder, session.id(), ".tmp");
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(JSON.writeValueAsBytes(session));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            forceFolder();
            return session;
        } catch (IOException e) {
            throw new SessionStoreUnwritableException("write the session file " + file.getFileName(), folder, e);
        } finally {
            deleteQuietly(temporary);
        }
    }

    /**
     * Forces the folder's entries (the rename) to disk. Where a folder cannot be opened for this (Windows), the
     * file system is left to persist the rename itself.
     */
    private void forceFolder() throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /** A temporary file a failed write left behind. */
    private static void deleteQuietly(Path temporary) {
        if (temporary != null) {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // The write's own failure is what the caller hears; a stray .tmp file is never read.
            }
        }
    }

    private Path file(String sessionId) {
        return folder.resolve(sessionId + ".json");
    }
}
