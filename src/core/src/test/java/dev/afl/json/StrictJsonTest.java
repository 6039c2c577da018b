package dev.afl.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.afl.DurationText;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The strict reading every request and event goes through: a key given twice and a value of the wrong kind are
 * refused with the field's path, where Jackson's defaults would keep the last value or convert it.
 */
class StrictJsonTest {

    record Item(String id, String title) {
    }

    record Request(String sessionId, Integer maxRounds, Long maxTokens, Double maxCostUsd, Boolean fresh,
            Duration maxWallTime, List<Item> history) {
    }

    static final ObjectMapper STRICT = StrictJson.mapper();

    @Test
    void aValidRequestReadsAsWritten() throws Exception {
        Request read = STRICT.readValue("""
                {"sessionId": "s-1", "maxRounds": 4, "maxTokens": 5000, "maxCostUsd": 1, "fresh": true,
                 "maxWallTime": "PT30S", "history": [{"id": "52", "title": "Morcheeba"}]}""", Request.class);
        assertThat(read).isEqualTo(new Request("s-1", 4, 5000L, 1.0, true, Duration.ofSeconds(30),
                List.of(new Item("52", "Morcheeba"))));
    }

    @Test
    void aDurationReadsInTheShortFormAsInIsoText() throws Exception {
        assertThat(STRICT.readValue("{\"maxWallTime\": \"30s\"}", Request.class).maxWallTime())
                .isEqualTo(Duration.ofSeconds(30));
        assertThatThrownBy(() -> STRICT.readValue("{\"maxWallTime\": \"soon\"}", Request.class))
                .isInstanceOfSatisfying(JsonProcessingException.class, e -> assertThat(JsonProblem.of(e).toString())
                        .isEqualTo("maxWallTime: expected a duration as a string: " + DurationText.FORMS
                                + ", got \"soon\""));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"sessionId\": \"1\", \"sessionId\": \"2\"}|sessionId",
        "{\"history\": [{\"id\": \"52\"}, {\"id\": \"1\", \"id\": \"2\"}]}|history[1].id",
        "{\"history\": [{\"id\": \"52\", \"title\": \"a\", \"title\": \"a\"}]}|history[0].title"})
    void aKeyGivenTwiceIsRefusedWithItsPath(String json, String path) {
        assertThatThrownBy(() -> STRICT.readValue(json, Request.class))
                .isInstanceOfSatisfying(JsonProcessingException.class,
                        e -> assertThat(StrictJson.duplicateKey(e)).as(e.getMessage()).contains(path));
        assertThatThrownBy(() -> STRICT.readTree(json)).isInstanceOfSatisfying(JsonProcessingException.class,
                e -> assertThat(StrictJson.duplicateKey(e)).contains(path));
    }

    @Test
    void theDefaultMapperWouldHaveKeptTheLastValue() throws Exception {
        // What the strict reading is for: Jackson's defaults silently take the second id.
        assertThat(new ObjectMapper().readValue("{\"id\": \"1\", \"id\": \"2\"}", Item.class).id()).isEqualTo("2");
        assertThat(new ObjectMapper().readValue("{\"id\": 12}", Item.class).id()).isEqualTo("12");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"sessionId\": 12}|sessionId",
        "{\"sessionId\": 1.5}|sessionId",
        "{\"sessionId\": true}|sessionId",
        "{\"history\": [{\"id\": \"52\", \"title\": 5}]}|history[0].title",
        "{\"history\": [{\"id\": 52}]}|history[0].id",
        "{\"maxRounds\": \"4\"}|maxRounds",
        "{\"maxRounds\": 2.5}|maxRounds",
        "{\"maxRounds\": true}|maxRounds",
        "{\"maxTokens\": \"5000\"}|maxTokens",
        "{\"maxCostUsd\": \"1.5\"}|maxCostUsd",
        "{\"fresh\": \"true\"}|fresh",
        "{\"fresh\": 1}|fresh",
        "{\"maxWallTime\": 30}|maxWallTime",
        "{\"history\": \"52\"}|history",
        "{\"history\": {\"id\": \"52\"}}|history"})
    void aValueOfTheWrongKindIsRefusedByItsField(String json, String path) {
        assertThatThrownBy(() -> STRICT.readValue(json, Request.class))
                .isInstanceOfSatisfying(MismatchedInputException.class, e -> assertThat(StrictJson.path(e))
                        .as(e.getMessage()).isEqualTo(path));
    }

    @Test
    void theBaseMapperIsLeftAsItWas() throws Exception {
        ObjectMapper base = new ObjectMapper();
        StrictJson.strict(base);
        assertThat(base.readValue("{\"id\": \"1\", \"id\": \"2\"}", Item.class).id()).isEqualTo("2");
    }
}
