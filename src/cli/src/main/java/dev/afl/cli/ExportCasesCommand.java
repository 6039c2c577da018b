package dev.afl.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.data.Dataset;
import dev.afl.data.JsonLines;
import dev.afl.data.KnownDataset;
import dev.afl.data.Split;
import dev.afl.evaluation.CandidateLists;
import dev.afl.evaluation.EvaluationCase;
import dev.afl.evaluation.EvaluationProtocol;
import dev.afl.evaluation.PopularityBuckets;
import dev.afl.evaluation.fanout.FanOutCase;
import dev.afl.evaluation.fanout.PopularityGroups;
import dev.afl.json.AflJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Writes a dataset's evaluation cases as the fan-out's S3 case file: one JSON line per case (the paper's list of
 * each row, or each row and seed of the seeded draws), drawn by the same protocol as a local experiment, with titles
 * so the deployed loop needs no catalog; and beside it the popularity groups the aggregation reports popularity with.
 */
@Command(name = "export-cases", mixinStandardHelpOptions = true,
        description = "Write the evaluation cases (the paper's list per test row, or test rows x seeds) as the JSON"
                + " Lines case file of the evaluation fan-out, with its popularity sidecar.")
public class ExportCasesCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = AflJson.records();

    @Mixin
    DataOptions data;

    @Option(names = "--dataset", defaultValue = "lastfm", description = "lastfm, movielens or steam (default: ${DEFAULT-VALUE}).")
    String dataset;

    @Mixin
    CandidateOptions candidateOptions;

    @Option(names = "--rows", description = "Use only the first N test rows (default: all).")
    Integer rows;

    @Option(names = "--out", required = true, paramLabel = "FILE",
            description = "The case file to write, e.g. cases.jsonl; the popularity groups go beside it as"
                    + " <name>.popularity.json.")
    Path out;

    @Override
    public Integer call() throws IOException {
        KnownDataset known = KnownDataset.byId(dataset);
        if (rows != null && rows < 1) {
            throw new IllegalArgumentException("--rows must be at least 1, got " + rows);
        }
        if (!out.getFileName().toString().endsWith(".jsonl")) {
            throw new IllegalArgumentException("--out must name a .jsonl file (the fan-out reads JSON Lines), got "
                    + out);
        }
        CandidateLists lists = candidateOptions.lists();
        List<Long> seeds = candidateOptions.seeds();
        Dataset reference = DatasetLoader.referenceWithTraining(data.location(), known);
        List<EvaluationCase> cases = EvaluationProtocol.PAPER.cases(reference, Split.TEST, lists, seeds, rows);
        Path popularity = out.resolveSibling(PopularityGroups.besides(out.getFileName().toString()));
        try {
            if (out.toAbsolutePath().getParent() != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
            }
            JsonLines.write(out, cases.stream().map(c -> FanOutCase.of(c, reference.catalog())).toList());
            JSON.writerWithDefaultPrettyPrinter().writeValue(popularity.toFile(),
                    PopularityGroups.of(PopularityBuckets.of(reference)));
        } catch (IOException | UncheckedIOException e) {
            IOException cause = e instanceof UncheckedIOException unchecked ? unchecked.getCause() : (IOException) e;
            throw new AflException("Cannot write " + out + ": " + cause.getMessage() + ". Check that the folder is"
                    + " writable.", e);
        }
        long distinctRows = cases.stream().map(EvaluationCase::row).distinct().count();
        System.out.printf("%d cases (%d %s test rows, %s) written to %s%n", cases.size(), distinctRows, known.id(),
                lists == CandidateLists.PAPER ? "the paper's lists" : seeds.size() + " seeds", out.toAbsolutePath());
        System.out.printf("popularity groups written to %s%n", popularity.toAbsolutePath());
        System.out.printf("Upload both under cases/ of the evaluation bucket, e.g.%n  aws s3 cp %s s3://BUCKET/cases/%s%n"
                + "  aws s3 cp %s s3://BUCKET/cases/%s%n", out, out.getFileName(), popularity, popularity.getFileName());
        return 0;
    }
}
