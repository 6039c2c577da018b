package dev.afl.function;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AflException;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionNotFoundException;
import io.quarkus.amazon.lambda.runtime.AmazonLambdaMapperRecorder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Events a function cannot act on get a clear error, and the stored session stays exactly as it was. */
@QuarkusTest
@QuarkusTestResource(value = ServerlessResources.class, restrictToAnnotatedClass = true)
class BadEventsTest {

    @Inject
    StartHandler start;
    @Inject
    RecommendHandler recommend;
    @Inject
    RewardHandler reward;
    @Inject
    JudgeHandler judge;
    @Inject
    FinalizeHandler finalize;
    @Inject
    MemoryStore store;

    Session before;

    static List<ItemRef> refs(String... ids) {
        List<ItemRef> refs = new ArrayList<>();
        for (String id : ids) {
            refs.add(new ItemRef(id, "Artist " + id));
        }
        return refs;
    }

    @BeforeEach
    void aSessionInRoundOne() {
        String id = "bad-events-" + System.nanoTime();
        start.handleRequest(new StartEvent(id, "lastfm", refs("52", "63", "73"), refs("96", "995", "6160"), 3), null);
        ServerlessResources.llm.script(reply("Reason: fits.\nItem: Artist 96"));
        recommend.handleRequest(new StepEvent(id, 1), null);
        before = store.require(id);
    }

    private void assertUntouched() {
        assertThat(store.require(before.id())).isEqualTo(before);
    }

    @Test
    void missingFieldsAreInvalidEvents() {
        assertThatThrownBy(() -> recommend.handleRequest(new StepEvent(null, 1), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("lacks 'sessionId'");
        assertThatThrownBy(() -> reward.handleRequest(new StepEvent(before.id(), null), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("needs 'round'");
        assertThatThrownBy(() -> judge.handleRequest(null, null)).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> finalize.handleRequest(new FinalizeEvent(" ", null), null))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> start.handleRequest(new StartEvent("x-1", "lastfm", null, refs("96", "995"), 2), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("lacks 'history'");
        assertUntouched();
    }

    /**
     * Events as the Lambda runtime reads them (its own mapper, a copy of the application's): a key given twice or a
     * value of another kind is refused with {@link InvalidEventException} naming the field, where the runtime's
     * mapping alone kept the last key and converted the value, and nothing is stored.
     */
    @Test
    void eventsWithAKeyTwiceOrAValueOfAnotherKindAreRefusedAsTheRuntimeReadsThem() throws Exception {
        ObjectMapper runtime = AmazonLambdaMapperRecorder.objectMapper;
        assertThat(runtime).as("the Lambda runtime's event mapper (set when the application starts)").isNotNull();
        String items = "\"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]";
        String sid = "strict-" + System.nanoTime();
        Map<String, Map.Entry<Class<?>, String>> refused = new LinkedHashMap<>();
        refused.put("{\"sessionId\": \"" + sid + "-a\", \"sessionId\": \"" + sid + "-b\", \"dataset\": \"lastfm\", "
                + items + "}", Map.entry(StartEvent.class, "'sessionId' more than once"));
        refused.put("{\"sessionId\": \"" + sid + "-c\", \"dataset\": \"lastfm\", \"dataset\": \"lastfm\", " + items
                + "}", Map.entry(StartEvent.class, "'dataset' more than once"));
        refused.put("{\"sessionId\": \"" + sid + "-d\", \"dataset\": \"lastfm\", \"history\": [{\"id\": \"52\","
                + " \"id\": \"63\"}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}",
                Map.entry(StartEvent.class, "'history[0].id' more than once"));
        refused.put("{\"sessionId\": 12, \"dataset\": \"lastfm\", " + items + "}",
                Map.entry(StartEvent.class, "sessionId: expected a string, got 12"));
        refused.put("{\"sessionId\": \"" + sid + "-e\", \"dataset\": \"lastfm\", \"history\": [{\"id\": \"52\","
                + " \"title\": 5}], \"candidates\": [{\"id\": \"96\", \"title\": \"Fleetwood Mac\"}, {\"id\": \"995\", \"title\": \"China Crisis\"}]}",
                Map.entry(StartEvent.class, "history[0].title: expected a string"));
        refused.put("{\"sessionId\": \"" + sid + "-f\", \"dataset\": \"lastfm\", \"maxRounds\": \"2\", " + items + "}",
                Map.entry(StartEvent.class, "maxRounds: expected a whole number"));
        refused.put("{\"sessionId\": \"" + before.id() + "\", \"round\": \"1\"}",
                Map.entry(StepEvent.class, "round: expected a whole number"));
        refused.put("{\"sessionId\": \"" + before.id() + "\", \"round\": 1.5}",
                Map.entry(StepEvent.class, "round: expected a whole number"));
        refused.put("{\"sessionId\": \"" + before.id() + "\", \"round\": 2, \"round\": 1}",
                Map.entry(StepEvent.class, "'round' more than once"));
        refused.put("{\"sessionId\": \"" + before.id() + "\", \"error\": {\"Error\": 5, \"Cause\": \"boom\"}}",
                Map.entry(FinalizeEvent.class, "error.Error: expected a string"));
        for (var event : refused.entrySet()) {
            assertThatThrownBy(() -> runtime.readValue(event.getKey(), event.getValue().getKey()))
                    .as(event.getKey()).isInstanceOf(InvalidEventException.class)
                    .hasMessageContaining(event.getValue().getValue());
        }
        for (String suffix : List.of("-a", "-b", "-c", "-d", "-e", "-f")) {
            assertThat(store.find(sid + suffix)).isEmpty();
        }
        assertUntouched();

        // A well-formed event still maps, fields the function does not read ignored (a state machine adds some).
        StartEvent valid = runtime.readValue("{\"sessionId\": \"" + sid + "-ok\", \"dataset\": \"lastfm\", "
                + items + ", \"maxRounds\": 2, \"budget\": {}, \"traceId\": \"x\"}", StartEvent.class);
        assertThat(start.handleRequest(valid, null).status()).isEqualTo("RUNNING");
        assertThat(store.require(sid + "-ok").request().budget()).isEqualTo(dev.afl.memory.Budget.NONE);
    }

    @Test
    void anUnknownSessionIsNamed() {
        assertThatThrownBy(() -> recommend.handleRequest(new StepEvent("nobody-here", 1), null))
                .isInstanceOf(SessionNotFoundException.class).hasMessageContaining("Unknown session 'nobody-here'");
        assertThat(store.find("nobody-here")).isEmpty();
        assertUntouched();
    }

    @Test
    void stepsOutOfOrderAreRefused() {
        assertThatThrownBy(() -> judge.handleRequest(new StepEvent(before.id(), 1), null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("no reward yet");
        assertThatThrownBy(() -> recommend.handleRequest(new StepEvent(before.id(), 3), null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> reward.handleRequest(new StepEvent(before.id(), 2), null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("no proposal to score");
        assertThatThrownBy(() -> finalize.handleRequest(new FinalizeEvent(before.id(), null), null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("cannot finish yet");
        assertUntouched();
    }

    /**
     * Issue 15, break 2, through the functions: after an accepted round a replayed or hand-sent recommend event is
     * refused before any agent is asked, and the session still ends as accepted.
     */
    @Test
    void noRoundIsPlayedAfterAnAcceptedOne() {
        reward.handleRequest(new StepEvent(before.id(), 1), null);
        ServerlessResources.llm.script(reply("Reason: just right.\nDecision: yes"));
        assertThat(judge.handleRequest(new StepEvent(before.id(), 1), null).accepted()).isTrue();
        Session accepted = store.require(before.id());
        int calls = ServerlessResources.llm.requests().size();
        assertThatThrownBy(() -> recommend.handleRequest(new StepEvent(before.id(), 2), null))
                .isInstanceOf(SessionConflictException.class).hasMessageContaining("was accepted in round 1");
        assertThat(store.require(before.id())).isEqualTo(accepted);
        assertThat(ServerlessResources.llm.requests()).hasSize(calls);
        assertThat(finalize.handleRequest(new FinalizeEvent(before.id(), null), null).status()).isEqualTo("ACCEPTED");
        Session ended = store.require(before.id());
        for (StepEvent late : List.of(new StepEvent(before.id(), 2), new StepEvent(before.id(), 5))) {
            assertThatThrownBy(() -> recommend.handleRequest(late, null)).isInstanceOf(SessionConflictException.class)
                    .hasMessageContaining("already ACCEPTED");
        }
        assertThat(store.require(before.id())).isEqualTo(ended);
    }

    @Test
    void oversizedAndInvalidStartsStoreNothing() {
        String[] many = new String[201];
        Collections.nCopies(201, "52").toArray(many);
        assertThatThrownBy(() -> start.handleRequest(new StartEvent("big-1", "lastfm", refs(many), refs("96", "995"), 2),
                null)).isInstanceOf(InvalidEventException.class).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> start.handleRequest(new StartEvent("big-2", "lastfm",
                List.of(new ItemRef("52", "x".repeat(5000))), refs("96", "995"), 2), null))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("longer than 500");
        // A field at fault is answered, naming it, with the problem POST /v1/refinements answers.
        StepResult.Refusal refusal = start.handleRequest(new StartEvent("big-3", "lastfm", refs("52"), refs("96",
                "nope"), 2), null).refusal();
        assertThat(refusal.reason()).contains("'nope' in candidates");
        assertThat(refusal.problem().status()).isEqualTo(400);
        assertThat(refusal.problem().errors()).extracting(e -> e.field()).containsExactly("candidates[1].id");
        assertThatThrownBy(() -> start.handleRequest(new StartEvent("../../etc", "lastfm", refs("52"), refs("96", "995"),
                2), null)).isInstanceOf(AflException.class).hasMessageContaining("Invalid session id");
        assertThatThrownBy(() -> start.handleRequest(new StartEvent("big-4", "netflix", refs("52"), refs("96", "995"),
                2), null)).isInstanceOf(AflException.class).hasMessageContaining("netflix");
        for (String id : List.of("big-1", "big-2", "big-3", "big-4")) {
            assertThat(store.find(id)).isEmpty();
        }
        // The same session id started again with another request is a conflict, not an overwrite.
        StepResult.Refusal conflict = start.handleRequest(new StartEvent(before.id(), "lastfm", refs("52"),
                refs("96", "995"), 3), null).refusal();
        assertThat(conflict.problem().status()).isEqualTo(409);
        assertThat(conflict.reason()).contains("already exists with a different request");
        assertUntouched();
    }
}
