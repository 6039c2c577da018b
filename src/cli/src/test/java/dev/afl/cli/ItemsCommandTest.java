package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** {@code afl items}: ids and titles in the id space requests use, found by title or id, and its user errors. */
@QuarkusMainTest
class ItemsCommandTest {

    private final String dataDir = TestData.dataDir().toAbsolutePath().toString();

    @Test
    void searchPrintsIdsAndTitlesBestFirst(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("items", "--data-dir", dataDir, "--dataset", "lastfm", "--search",
                "queen");
        assertThat(result.exitCode()).as(result.getErrorOutput()).isZero();
        List<String> lines = result.getOutput().lines().toList();
        // HetRec artist 959 is Queen: the exact title first, then the titles starting with it.
        assertThat(lines.getFirst()).isEqualTo("959\tQueen");
        assertThat(lines).hasSizeBetween(2, 20).allSatisfy(line -> {
            assertThat(line).matches("[0-9]+\t.+");
            assertThat(line.toLowerCase(Locale.ROOT)).contains("queen");
        });
        List<Boolean> prefixed = lines.stream().map(line -> line.split("\t")[1].toLowerCase(Locale.ROOT)
                .startsWith("queen")).toList();
        assertThat(prefixed.indexOf(false) < 0 || !prefixed.subList(prefixed.indexOf(false), prefixed.size())
                .contains(true)).as("prefix matches before the rest: %s", lines).isTrue();
        LaunchResult limited = launcher.launch("items", "--data-dir", dataDir, "--search", "queen", "--limit", "2");
        assertThat(limited.getOutput().lines().toList()).containsExactly(lines.get(0), lines.get(1));
    }

    @Test
    void anIdIsLookedUpInTheIdSpaceRequestsUse(QuarkusMainLauncher launcher) throws IOException {
        LaunchResult lastfm = launcher.launch("items", "--data-dir", dataDir, "--dataset", "lastfm", "--id", "52");
        assertThat(lastfm.exitCode()).as(lastfm.getErrorOutput()).isZero();
        assertThat(lastfm.getOutput().strip()).isEqualTo("52\tMorcheeba");
        // MovieLens ids are ML-100K's: 1 is Toy Story, items.jsonl's 0.
        LaunchResult movielens = launcher.launch("items", "--data-dir", dataDir, "--dataset", "movielens", "--id", "1",
                "--json");
        assertThat(movielens.exitCode()).as(movielens.getErrorOutput()).isZero();
        JsonNode json = new ObjectMapper().readTree(movielens.getOutput());
        assertThat(json.get("dataset").asText()).isEqualTo("movielens");
        assertThat(json.get("items")).hasSize(1);
        assertThat(json.at("/items/0/id").asText()).isEqualTo("1");
        assertThat(json.at("/items/0/title").asText()).isEqualTo("Toy Story (1995)");
    }

    @Test
    void mistakesAreUserErrorsNamingTheIdSpace(QuarkusMainLauncher launcher) {
        LaunchResult unknown = launcher.launch("items", "--data-dir", dataDir, "--dataset", "movielens", "--id", "0");
        assertThat(unknown.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(unknown.getErrorOutput()).contains("'0'", "ML-100K movie ids", "items.jsonl ids plus 1",
                "afl items --dataset movielens --search TEXT").doesNotContain("at dev.afl");
        assertThat(unknown.getOutput()).isBlank();
        LaunchResult limit = launcher.launch("items", "--data-dir", dataDir, "--search", "a", "--limit", "101");
        assertThat(limit.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(limit.getErrorOutput()).contains("--limit must be from 1 to 100");
        LaunchResult both = launcher.launch("items", "--data-dir", dataDir, "--search", "a", "--id", "52");
        assertThat(both.exitCode()).isEqualTo(CommandLineSetup.USER_ERROR);
        assertThat(both.getErrorOutput()).contains("mutually exclusive");
    }
}
