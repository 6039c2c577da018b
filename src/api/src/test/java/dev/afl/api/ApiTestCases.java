package dev.afl.api;

import dev.afl.TestData;
import dev.afl.data.Dataset;
import dev.afl.data.KnownDataset;
import dev.afl.data.ReferenceSplitImporter;
import dev.afl.data.Split;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Request bodies for the API tests: real LastFM test rows, written as a client would send them. */
final class ApiTestCases {

    private static Dataset lastfm;

    private ApiTestCases() {
    }

    static synchronized Dataset lastfm() {
        if (lastfm == null) {
            lastfm = new ReferenceSplitImporter(TestData.location()).load(KnownDataset.LASTFM);
        }
        return lastfm;
    }

    static List<EvaluationCase> cases() {
        return EvaluationProtocol.PAPER.cases(lastfm(), Split.TEST, 0);
    }

    /** The body of a refinement of this case, with titles, as JSON. */
    static String body(String sessionId, EvaluationCase c, int maxRounds) {
        return "{\"sessionId\": \"" + sessionId + "\", \"dataset\": \"lastfm\", \"maxRounds\": " + maxRounds
                + ", \"history\": " + items(c.history()) + ", \"candidates\": " + items(c.candidates()) + "}";
    }

    private static String items(List<String> ids) {
        return ids.stream().map(id -> "{\"id\": \"" + id + "\", \"title\": "
                        + quote(lastfm().catalog().require(id).title()) + "}")
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** The session files in the store folder (what a rejected request must not add to). */
    static List<String> storedSessions(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
