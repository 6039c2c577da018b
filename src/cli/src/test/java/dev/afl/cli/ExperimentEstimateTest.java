package dev.afl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.TestData;
import dev.afl.agent.llm.PromptText;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerResource;
import dev.afl.cli.estimate.ProviderUsage;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code experiment --estimate} against a stub run: a small LLM experiment on a local OpenAI-compatible server that
 * reports usage as a provider does (the request's messages counted with gpt-4o-mini's tokenizer), then the estimate
 * of the same run, which asks the server nothing. The run's report carries the estimate beside the counted tokens,
 * and the estimate is within 10% of them.
 */
@QuarkusMainTest
class ExperimentEstimateTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "gpt-4o-mini";

    @Test
    void theEstimateIsWithinTenPercentOfTheTokensCountedOnAStubRunAndAsksNoLlm(QuarkusMainLauncher launcher,
            @TempDir Path dir) throws Exception {
        try (ScriptedChatServer server = new ScriptedChatServer()) {
            server.respondWith(new WellFormedLlm());
            server.countUsageWith(new ProviderUsage(MODEL));
            Map<String, String> config = new HashMap<>(ScriptedChatServerResource.configFor(server));
            config.put("quarkus.langchain4j.openai.recommender.chat-model.model-name", MODEL);
            config.put("quarkus.langchain4j.openai.user.chat-model.model-name", MODEL);
            config.put("afl.llm.model", MODEL);

            LaunchResult run = launch(launcher, config, dir, false);
            assertThat(run.exitCode()).as(run.getErrorOutput()).isZero();
            int asked = server.requests().size();
            assertThat(asked).as("the stub run asked the LLM").isGreaterThan(20);

            JsonNode results = JSON.readTree(dir.resolve("report/results.json").toFile());
            long counted = 0;
            long expected = 0;
            long countedCalls = 0;
            long expectedCalls = 0;
            for (JsonNode c : results.get("recommendation")) {
                JsonNode ledger = c.get("ledger");
                assertThat(ledger.path("estimate").isObject()).as(c.get("id") + " has its estimate beside the ledger")
                        .isTrue();
                counted += ledger.get("inputTokens").asLong();
                countedCalls += ledger.get("llmCalls").asLong();
                expected += ledger.at("/estimate/expected/inputTokens").asLong();
                expectedCalls += ledger.at("/estimate/expected/requests").asLong();
                long low = ledger.at("/estimate/low/inputTokens").asLong();
                long high = ledger.at("/estimate/high/inputTokens").asLong();
                assertThat(ledger.get("inputTokens").asLong()).as(c.get("id") + " within its range")
                        .isBetween((long) (low * 0.9), (long) Math.ceil(high * 1.1));
            }
            assertThat(counted).isPositive();
            System.err.printf("stub run: %d calls, %d input tokens counted; estimated %d requests, %d input tokens%n",
                    countedCalls, counted, expectedCalls, expected);
            assertThat((double) expected).as("estimated input tokens against those counted (" + counted + ")")
                    .isCloseTo(counted, org.assertj.core.data.Percentage.withPercentage(10));
            assertThat((double) expectedCalls).as("estimated requests against the calls counted")
                    .isCloseTo(countedCalls, org.assertj.core.data.Percentage.withPercentage(10));
            // The first round's prompts are exact: the recommendation agent alone sends one each, as rendered.
            JsonNode recAgent = find(results.get("recommendation"), "lastfm/sasrec/rec-agent/random").get("ledger");
            assertThat(recAgent.at("/estimate/expected/inputTokens").asLong())
                    .isEqualTo(recAgent.get("inputTokens").asLong());
            assertThat(Files.readString(dir.resolve("report/report.md"))).contains("Estimated tokens in [range]");

            LaunchResult estimate = launch(launcher, config, dir, true);
            assertThat(estimate.exitCode()).as(estimate.getErrorOutput()).isZero();
            assertThat(server.requests()).as("the estimate asks no LLM").hasSize(asked);
            String table = estimate.getOutput();
            JsonNode afl = find(results.get("recommendation"), "lastfm/sasrec/afl/random").get("ledger");
            assertThat(table).contains("| Configuration | Requests | Input tokens | Output tokens | Online USD"
                    + " | Batch USD |", "**Total**", "o200k_base",
                    String.format(java.util.Locale.ROOT, "| lastfm/sasrec/afl/random | %,d [%,d .. %,d] | %,d [",
                            afl.at("/estimate/expected/requests").asLong(), afl.at("/estimate/low/requests").asLong(),
                            afl.at("/estimate/high/requests").asLong(), afl.at("/estimate/expected/inputTokens")
                                    .asLong()), "Re-asks and retries are not predictable",
                    "prices/llm-prices.csv (gpt-4o-mini)");
            assertThat(estimate.getErrorOutput()).contains("== estimate lastfm/sasrec/afl/random");
        }
    }

    private static LaunchResult launch(QuarkusMainLauncher launcher, Map<String, String> config, Path dir,
            boolean estimate) {
        config.forEach(System::setProperty);
        try {
            List<String> args = new java.util.ArrayList<>(List.of("experiment", "recommendation", "--data-dir",
                    TestData.dataDir().toString(), "--dataset", "lastfm", "--rows", "4", "--seeds", "1",
                    "--rec-models", "sasrec", "--max-rounds", "2", "--output", dir.resolve("report").toString(),
                    "--work-dir", dir.resolve("cases").toString()));
            if (estimate) {
                args.add("--estimate");
            }
            return launcher.launch(args.toArray(String[]::new));
        } finally {
            config.keySet().forEach(System::clearProperty);
        }
    }

    private static JsonNode find(JsonNode configurations, String id) {
        for (JsonNode c : configurations) {
            if (c.get("id").asText().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("no configuration " + id + " in " + configurations);
    }

    /**
     * A stand-in LLM that always answers in the contract (re-asks are not estimated), deciding from the prompt's text
     * alone: it names a candidate picked by the prompt's hash and accepts two proposals in three, so its trajectory
     * is not the offline agents' the estimate follows.
     */
    static final class WellFormedLlm implements Function<String, String> {

        @Override
        public String apply(String prompt) {
            int hash = Math.floorMod(prompt.hashCode(), 1_000_003);
            List<String> candidates = PromptText.items(prompt, "candidates");
            if (prompt.contains("Item lines")) {
                StringBuilder answer = new StringBuilder("Reason: these five fit the listening history best.\n");
                for (int i = 0; i < 5; i++) {
                    answer.append("Item: ").append(candidates.get((hash + i) % candidates.size())).append('\n');
                }
                return answer.toString();
            }
            if (prompt.contains("Item: <")) {
                return "Reason: it matches the user's recent taste and sits close to the artists they played"
                        + " last.\nItem: " + candidates.get(hash % candidates.size());
            }
            return hash % 3 == 0 ? "Reason: not what I listen to these days.\nDecision: no"
                    : "Reason: sounds like what I have been playing.\nDecision: yes";
        }
    }
}
