package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.app.ConfiguredModelNames;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The catalog endpoints over real HTTP, against the real LastFM and MovieLens catalogs of the data folder: the
 * datasets served, search by title or id, seeded draws and single items, and their refusals as problems.
 */
@QuarkusTest
@TestProfile(ApiProfile.class)
class DatasetCatalogApiTest {

    @TestHTTPResource("/")
    URL root;
    @Inject
    ConfiguredModelNames names;

    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString());
    }

    private JsonPath ok(String path) {
        Response response = given().get(path);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        return response.jsonPath();
    }

    private JsonPath problem(String path, int status) {
        Response response = given().get(path);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith(Problem.MEDIA_TYPE);
        return response.jsonPath();
    }

    @Test
    void listsTheServedDatasetsWithTheItemsTheirModelsKnow() {
        JsonPath datasets = ok("/v1/datasets");
        // Steam is served with its model imported at first use from AFL_REFERENCE_MODELS (SteamApiTest).
        assertThat(datasets.getList("id", String.class)).containsExactly("lastfm", "movielens", "steam");
        assertThat(datasets.getString("find { it.id == 'lastfm' }.domain")).isEqualTo("music");
        assertThat(datasets.getString("find { it.id == 'steam' }.domain")).isEqualTo("game");
        assertThat(datasets.getString("find { it.id == 'movielens' }.domain")).isEqualTo("movie");
        assertThat(datasets.getList("catalog", Boolean.class)).containsOnly(true);
        // Every item the models know is in the catalog: the count is the vocabulary's.
        assertThat(datasets.getInt("find { it.id == 'lastfm' }.items")).isEqualTo(names.vocabulary("lastfm").size());
        assertThat(datasets.getInt("find { it.id == 'movielens' }.items"))
                .isEqualTo(names.vocabulary("movielens").size());
    }

    @Test
    void searchFindsTitlesBestFirstInTheIdSpaceRequestsUse() {
        JsonPath found = ok("/v1/datasets/lastfm/items?search=QUEEN");
        assertThat(found.getString("dataset")).isEqualTo("lastfm");
        List<String> titles = found.getList("items.title", String.class);
        assertThat(titles).isNotEmpty().allMatch(t -> t.toLowerCase(Locale.ROOT).contains("queen"));
        // The exact title first (HetRec artist 959 is Queen), then the titles starting with it, by title.
        assertThat(found.getString("items[0].id")).isEqualTo("959");
        assertThat(titles.getFirst()).isEqualTo("Queen");
        int firstInner = 1;
        while (firstInner < titles.size() && titles.get(firstInner).toLowerCase(Locale.ROOT).startsWith("queen")) {
            firstInner++;
        }
        assertThat(titles.subList(1, firstInner)).isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        assertThat(titles.subList(firstInner, titles.size()))
                .noneMatch(t -> t.toLowerCase(Locale.ROOT).startsWith("queen"))
                .isSortedAccordingTo(String.CASE_INSENSITIVE_ORDER);
        // An exact id is found too; a limit cuts the list.
        assertThat(ok("/v1/datasets/lastfm/items?search=52").getString("items[0].title")).isEqualTo("Morcheeba");
        assertThat(ok("/v1/datasets/lastfm/items?search=e&limit=3").getList("items")).hasSize(3);
        assertThat(ok("/v1/datasets/lastfm/items?search=e").getList("items")).hasSize(20);
        // MovieLens speaks ML-100K ids: 1 is Toy Story (items.jsonl's 0).
        assertThat(ok("/v1/datasets/movielens/items/1").getString("title")).isEqualTo("Toy Story (1995)");
    }

    @Test
    void aSeededDrawIsRepeatableAndLeavesOutTheExcluded() {
        String path = "/v1/datasets/lastfm/items?sample=20&seed=7&exclude=52,959";
        List<String> first = ok(path).getList("items.id", String.class);
        assertThat(first).hasSize(20).doesNotContain("52", "959").doesNotHaveDuplicates();
        assertThat(ok(path).getList("items.id", String.class)).isEqualTo(first);
        assertThat(ok("/v1/datasets/lastfm/items?sample=20&seed=8").getList("items.id", String.class))
                .isNotEqualTo(first);
        Set<String> known = names.vocabulary("lastfm");
        assertThat(new HashSet<>(first)).isSubsetOf(known);
    }

    @Test
    void oneItemByIdOrAProblemNamingTheIdSpace() {
        JsonPath item = ok("/v1/datasets/lastfm/items/52");
        assertThat(item.getString("id")).isEqualTo("52");
        assertThat(item.getString("title")).isEqualTo("Morcheeba");
        JsonPath unknown = problem("/v1/datasets/lastfm/items/999999", 404);
        assertThat(unknown.getString("type")).isEqualTo(DatasetResource.ITEM_NOT_FOUND);
        assertThat(unknown.getString("detail")).contains("'999999'", "HetRec Last.fm artist ids",
                "afl items --dataset lastfm --search", "/v1/datasets/lastfm/items?search=");
    }

    @Test
    void refusesWhatItCannotAnswerAsProblems() {
        JsonPath unknown = problem("/v1/datasets/spotify/items?search=half", 404);
        assertThat(unknown.getString("type")).isEqualTo(DatasetResource.DATASET_NOT_FOUND);
        assertThat(unknown.getString("detail")).contains("'spotify'", "lastfm", "movielens", "steam",
                "GET /v1/datasets");
        assertThat(problem("/v1/datasets/nope/items/1", 404).getString("type"))
                .isEqualTo(DatasetResource.DATASET_NOT_FOUND);
        for (String limit : List.of("0", "101", "ten")) {
            JsonPath bad = problem("/v1/datasets/lastfm/items?search=a&limit=" + limit, 400);
            assertThat(bad.getString("errors[0].field")).isEqualTo("limit");
            assertThat(bad.getString("errors[0].message")).contains("1 to 100");
        }
        assertThat(problem("/v1/datasets/lastfm/items?sample=0", 400).getString("errors[0].field"))
                .isEqualTo("sample");
        assertThat(problem("/v1/datasets/lastfm/items?sample=5&search=a", 400).getString("errors[0].field"))
                .isEqualTo("search");
        assertThat(problem("/v1/datasets/lastfm/items?seed=5", 400).getString("errors[0].field")).isEqualTo("seed");
    }

    @Test
    void theOpenApiDocumentDescribesTheCatalog() {
        String document = given().get("/q/openapi?format=json").asString();
        assertThat(document).contains("/v1/datasets", "/v1/datasets/{dataset}/items",
                "/v1/datasets/{dataset}/items/{id}",
                "listDatasets", "findItems", "getItem", "CatalogItem");
    }

}
