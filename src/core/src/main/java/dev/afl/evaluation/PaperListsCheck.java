package dev.afl.evaluation;

import dev.afl.AflException;
import dev.afl.data.Dataset;
import dev.afl.data.MissingDataException;
import dev.afl.model.RecommendationModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes the {@link ProtocolCheck} parts: a reference checkpoint's base score on the paper's lists, and the
 * reference run's recorded answers among the candidates.
 */
public final class PaperListsCheck {

    /**
     * What each published checkpoint, as the pickled DROS module in eval mode, scores alone on CPython's paper lists
     * of the test split (top-1 among the 20 candidates; measured with PyTorch, independently of this code).
     */
    private static final Map<String, Integer> EXPECTED_HITS = Map.of(
            "lastfm/afl-sasrec", 36,
            "lastfm/llara-sasrec", 31,
            "movielens/llara-sasrec", 41);

    /** The reference run's recorded answers, relative to the data path, where the reference published them. */
    private static final Map<String, String> PRIOR_ANSWERS = Map.of("lastfm", "afl/prior_lastfm/SASRec.csv");

    private PaperListsCheck() {
    }

    /** The checkpoint's model alone on the paper's lists (its top-scored candidate, ties to the earliest). */
    public static ProtocolCheck.CheckpointScore score(Dataset dataset, List<EvaluationCase> paperCases,
            RecommendationModel model, String modelName, String checkpoint, String sha256) {
        requirePaper(paperCases);
        List<String> answers = BaseModelEvaluation.topCandidates(dataset, paperCases, model);
        int hits = 0;
        for (int i = 0; i < paperCases.size(); i++) {
            hits += (int) HitRatio.atOne(answers.get(i), paperCases.get(i).target());
        }
        return new ProtocolCheck.CheckpointScore(modelName, checkpoint, sha256, hits, paperCases.size(),
                EXPECTED_HITS.get(dataset.name() + "/" + modelName));
    }

    /** The recorded answers' file of a dataset under the data path, when the reference published one. */
    public static Optional<Path> priorAnswersFile(Path dataDir, String dataset) {
        return Optional.ofNullable(PRIOR_ANSWERS.get(dataset)).map(dataDir::resolve);
    }

    /**
     * Counts the rows whose recorded answer ({@code generate}, a title; the CSV's row i answers test list i) is one
     * of the row's candidates.
     */
    public static ProtocolCheck.PriorAnswers priorAnswers(Path csv, Dataset dataset, List<EvaluationCase> paperCases) {
        requirePaper(paperCases);
        List<String> answers = readAnswers(csv);
        if (answers.size() != paperCases.size()) {
            throw new AflException(csv + " records " + answers.size() + " answers, but the " + dataset.name()
                    + " paper lists are " + paperCases.size() + " rows; the file belongs to another split.");
        }
        int among = 0;
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < paperCases.size(); i++) {
            EvaluationCase c = paperCases.get(i);
            String answer = answers.get(i);
            boolean found = c.candidates().stream().anyMatch(id -> dataset.catalog().require(id).title().strip()
                    .equals(answer));
            if (found) {
                among++;
            } else {
                missing.add(c.row());
            }
        }
        return new ProtocolCheck.PriorAnswers(csv.getFileName().toString(), among, paperCases.size(), missing);
    }

    private static void requirePaper(List<EvaluationCase> cases) {
        if (cases.isEmpty() || cases.stream().anyMatch(c -> c.lists() != CandidateLists.PAPER)) {
            throw new IllegalArgumentException("the protocol check needs the paper's lists of a whole split");
        }
    }

    /** The {@code generate} column by {@code id}, from the CSV pandas wrote ({@code id,generate,real}). */
    static List<String> readAnswers(Path csv) {
        List<String> lines;
        try {
            lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new MissingDataException("No recorded answers at " + csv + ": the data path must hold the AFL"
                    + " reference data (afl/prior_lastfm/SASRec.csv).");
        } catch (IOException e) {
            throw new AflException("Cannot read " + csv + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !fields(lines.getFirst()).equals(List.of("id", "generate", "real"))) {
            throw new AflException(csv + " does not start with the header id,generate,real.");
        }
        List<String> answers = new ArrayList<>();
        for (int line = 1; line < lines.size(); line++) {
            if (lines.get(line).isBlank()) {
                continue;
            }
            List<String> fields = fields(lines.get(line));
            if (fields.size() != 3 || !fields.getFirst().equals(String.valueOf(answers.size()))) {
                throw new AflException(csv + " line " + (line + 1) + " is not 'id,generate,real' with id "
                        + answers.size() + ": " + lines.get(line));
            }
            answers.add(fields.get(1).strip());
        }
        return answers;
    }

    /** One CSV line's fields: commas separate, double quotes enclose, a doubled quote is a quote. */
    private static List<String> fields(String line) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    field.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        return fields;
    }
}
