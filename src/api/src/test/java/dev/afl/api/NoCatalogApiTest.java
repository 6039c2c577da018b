package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import org.junit.jupiter.api.Test;

/**
 * A server whose data folder holds no catalog: it still lists its datasets (catalog false), answers the item
 * endpoints 404 saying why and how to fix it, and takes requests only when every item carries its title.
 */
@QuarkusTest
@TestProfile(NoCatalogProfile.class)
class NoCatalogApiTest {

    @TestHTTPResource("/")
    URL root;

    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString());
    }

    @Test
    void listsTheDatasetsWithoutACatalog() {
        JsonPath datasets = given().get("/v1/datasets").then().statusCode(200).extract().jsonPath();
        assertThat(datasets.getList("id", String.class)).containsExactly("lastfm", "movielens", "steam");
        assertThat(datasets.getList("catalog", Boolean.class)).containsOnly(false);
        assertThat(datasets.getList("items", Integer.class)).allMatch(n -> n > 1000);
    }

    @Test
    void itemEndpointsAnswer404SayingWhyAndHowToFixIt() {
        for (String path : new String[] {"/v1/datasets/lastfm/items?search=queen", "/v1/datasets/lastfm/items/52"}) {
            Response answer = given().get(path);
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(404);
            assertThat(answer.contentType()).startsWith(Problem.MEDIA_TYPE);
            assertThat(answer.jsonPath().getString("type")).isEqualTo(DatasetResource.CATALOG_UNAVAILABLE);
            assertThat(answer.jsonPath().getString("detail")).contains("items.jsonl", "AFL_DATA_DIR",
                    "{\"id\", \"title\"}");
        }
    }

    @Test
    void requestsMustTitleEveryItem() {
        String untitled = RequestTitlesApiTest.body("no-catalog-1", "{\"id\": \"1\", \"title\": \"Toy Story\"}",
                "{\"id\": \"50\"}, {\"id\": \"100\", \"title\": \"Fargo\"}");
        Response refused = given().contentType("application/json").body(untitled).post("/v1/refinements");
        assertThat(refused.statusCode()).as(refused.asString()).isEqualTo(400);
        assertThat(refused.jsonPath().getList("errors.field", String.class)).containsExactly("candidates[0].title");
        assertThat(refused.jsonPath().getString("errors[0].message")).contains("no title", "no catalog");
        // Titled, the client's titles are what the agents read (there is nothing to check them against).
        String titled = untitled.replace("{\"id\": \"50\"}", "{\"id\": \"50\", \"title\": \"Star Wars\"}");
        JsonPath session = given().contentType("application/json").body(titled).post("/v1/refinements").then()
                .statusCode(200).extract().jsonPath();
        assertThat(session.getString("finalItem.title")).isIn("Star Wars", "Fargo");
        // Unknown ids are still refused, by the models' vocabulary.
        String unknown = titled.replace("\"id\": \"100\"", "\"id\": \"99999\"");
        Response answer = given().contentType("application/json").body(unknown).post("/v1/refinements");
        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.jsonPath().getList("errors.field", String.class)).containsExactly("candidates[1].id");
    }
}
