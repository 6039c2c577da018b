package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * With the catalog, the catalog's title is the title: a client title that disagrees is refused naming the
 * catalog's, a missing one is filled in, one written in another case or spacing is taken as the catalog's, and an
 * unknown id is refused naming the id space and how to find ids.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class RequestTitlesApiTest {

    @TestHTTPResource("/")
    URL root;

    static String body(String sessionId, String history, String candidates) {
        return "{\"sessionId\": \"" + sessionId + "\", \"dataset\": \"movielens\", \"maxRounds\": 1, \"history\": ["
                + history + "], \"candidates\": [" + candidates + "]}";
    }

    private Response post(String body) {
        return RestAssured.given().baseUri(root.toString()).contentType("application/json").body(body)
                .post("/v1/refinements");
    }

    @Test
    void aTitleThatDisagreesWithTheCatalogIsRefusedNamingTheCatalogs() {
        Response answer = post(body("titles-wrong", "{\"id\": \"1\"}",
                "{\"id\": \"50\", \"title\": \"Fargo (1996)\"}, {\"id\": \"100\"}"));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(400);
        JsonPath problem = answer.jsonPath();
        assertThat(problem.getString("errors[0].field")).isEqualTo("candidates[0].title");
        assertThat(problem.getString("errors[0].message")).contains("'50'", "Star Wars (1977)", "Fargo (1996)");
        assertThat(problem.getList("errors")).hasSize(1);
    }

    @Test
    void missingTitlesAreFilledInAndOddlyWrittenOnesTakenAsTheCatalogs() {
        Response answer = post(body("titles-filled",
                "{\"id\": \"1\"}, {\"id\": \"2\", \"title\": \" goldeneye   (1995)\"}",
                "{\"id\": \"50\"}, {\"id\": \"100\", \"title\": \"Fargo (1996)\"}"));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        JsonPath session = answer.jsonPath();
        assertThat(session.getString("finalItem.title")).isIn("Star Wars (1977)", "Fargo (1996)");
        assertThat(session.getList("transcript.item.title", String.class))
                .allMatch(t -> t.equals("Star Wars (1977)") || t.equals("Fargo (1996)"));
    }

    @Test
    void anUnknownIdIsRefusedNamingTheIdSpaceAndTheSearch() {
        Response answer = post(body("titles-unknown", "{\"id\": \"0\"}", "{\"id\": \"50\"}, {\"id\": \"1683\"}"));
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(400);
        JsonPath problem = answer.jsonPath();
        assertThat(problem.getList("errors.field", String.class)).containsExactly("history[0].id",
                "candidates[1].id");
        assertThat(problem.getString("errors[0].message")).contains("ML-100K movie ids", "items.jsonl ids plus 1",
                "afl items --dataset movielens --search", "/v1/datasets/movielens/items?search=");
    }
}
