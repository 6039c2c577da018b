package dev.afl.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** The sample events in infra/events/examples validate against their schemas, and the schemas do reject. */
class EventPayloadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode detail(String example) throws IOException {
        JsonNode event = JSON.readTree(EventSchemas.FOLDER.resolve("examples").resolve(example).toFile());
        return (ObjectNode) event.get("detail");
    }

    @Test
    void theSampleEventsAreValidAndNamedAsTheCodeNamesThem() throws IOException {
        JsonNode request = JSON.readTree(EventSchemas.FOLDER.resolve("examples/refinement-requested.json").toFile());
        assertThat(request.get("detail-type").asText()).isEqualTo(EventNames.REFINEMENT_REQUESTED);
        assertThat(EventSchemas.problems(EventSchemas.REFINEMENT_REQUESTED, request.get("detail"))).isEmpty();
        for (String example : new String[] {"recommendation-refined.json", "recommendation-refused.json"}) {
            JsonNode event = JSON.readTree(EventSchemas.FOLDER.resolve("examples").resolve(example).toFile());
            assertThat(event.get("source").asText()).isEqualTo(EventNames.SOURCE);
            assertThat(event.get("detail-type").asText()).isEqualTo(EventNames.RECOMMENDATION_REFINED);
            assertThat(EventSchemas.problems(EventSchemas.RECOMMENDATION_REFINED, event.get("detail"))).as(example)
                    .isEmpty();
        }
    }

    @Test
    void malformedRequestsAreRejected() throws IOException {
        ObjectNode noCandidates = detail("refinement-requested.json");
        noCandidates.remove("candidates");
        ObjectNode badSession = detail("refinement-requested.json").put("sessionId", "../etc");
        ObjectNode tooManyRounds = detail("refinement-requested.json").put("maxRounds", 21);
        ObjectNode extraField = detail("refinement-requested.json").put("callback", "https://example.com");
        ObjectNode itemWithoutId = detail("refinement-requested.json");
        ((ObjectNode) itemWithoutId.get("history").get(0)).remove("id");
        for (ObjectNode bad : new ObjectNode[] {noCandidates, badSession, tooManyRounds, extraField, itemWithoutId}) {
            assertThat(EventSchemas.problems(EventSchemas.REFINEMENT_REQUESTED, bad)).as(bad.toString()).isNotEmpty();
        }
    }

    @Test
    void aWallTimeBudgetTakesTheDurationsTheStepsRead() throws IOException {
        for (String duration : new String[] {"30s", "500ms", "5m", "PT30S", "PT0.5S"}) {
            ObjectNode request = detail("refinement-requested.json");
            request.putObject("budget").put("maxWallTime", duration);
            assertThat(EventSchemas.problems(EventSchemas.REFINEMENT_REQUESTED, request)).as(duration).isEmpty();
            assertThat(dev.afl.DurationText.parse(duration)).isPositive();
        }
        for (String duration : new String[] {"soon", "30", "30 s", "1.5s"}) {
            ObjectNode request = detail("refinement-requested.json");
            request.putObject("budget").put("maxWallTime", duration);
            assertThat(EventSchemas.problems(EventSchemas.REFINEMENT_REQUESTED, request)).as(duration).isNotEmpty();
        }
    }

    @Test
    void malformedResultsAreRejected() throws IOException {
        ObjectNode acceptedWithoutItem = detail("recommendation-refined.json");
        acceptedWithoutItem.putNull("finalItem");
        ObjectNode acceptedWithoutDataset = detail("recommendation-refined.json");
        acceptedWithoutDataset.remove("dataset");
        ObjectNode badTime = detail("recommendation-refined.json").put("finishedAt", "yesterday");
        ObjectNode unknownStatus = detail("recommendation-refined.json").put("status", "MAYBE");
        ObjectNode refusedWithRounds = detail("recommendation-refused.json").put("rounds", 2);
        ObjectNode withoutEventId = detail("recommendation-refined.json");
        withoutEventId.remove("eventId");
        ObjectNode eventIdNotAHash = detail("recommendation-refined.json").put("eventId", "storefront-7731");
        for (ObjectNode bad : new ObjectNode[] {acceptedWithoutItem, acceptedWithoutDataset, badTime, unknownStatus,
            refusedWithRounds, withoutEventId, eventIdNotAHash}) {
            assertThat(EventSchemas.problems(EventSchemas.RECOMMENDATION_REFINED, bad)).as(bad.toString()).isNotEmpty();
        }
    }

    /** The samples' event ids follow the documented derivation, the one consumers may recompute. */
    @Test
    void theResultEventIdIsDerivedFromTheSession() throws Exception {
        ObjectNode refined = detail("recommendation-refined.json");
        assertThat(refined.get("eventId").asText()).isEqualTo(RecommendationRefined.eventId(
                refined.get("sessionId").asText(), java.time.Instant.parse(refined.get("startedAt").asText())));
        ObjectNode refused = detail("recommendation-refused.json");
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest((refused.get("sessionId").asText()
                + " REFUSED " + refused.get("stopReason").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(refused.get("eventId").asText()).isEqualTo(java.util.HexFormat.of().formatHex(digest));
        assertThat(RecommendationRefined.eventId("storefront-7731", java.time.Instant.parse("2025-06-01T12:00:00.412Z")))
                .isNotEqualTo(RecommendationRefined.eventId("storefront-7731",
                        java.time.Instant.parse("2025-06-08T12:00:00.412Z")));
    }
}
