package dev.afl.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.afl.InvalidRequestException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one resolution of a request's items, and the catalog search and draw, on a small catalog. */
class RequestItemsTest {

    private static final ItemCatalog MOVIES = ItemCatalog.of("movielens", List.of(new Item("1", "Toy Story (1995)"),
            new Item("50", "Star Wars (1977)"), new Item("100", "Fargo (1996)"), new Item("7", "Twins (1988)"),
            new Item("8", "Twins (1988)"), new Item("9", "Star Trek (1979)")));

    @Test
    void withTheCatalogItsTitleIsTheTitle() {
        List<Item> items = RequestItems.resolveAll("movielens", Optional.of(MOVIES), List.of(RequestedItem.of("50",
                null), RequestedItem.of("100", "  fargo   (1996) "), RequestedItem.idOrTitle("toy story (1995)"),
                RequestedItem.idOrTitle("9")), "candidates");
        assertThat(items).containsExactly(new Item("50", "Star Wars (1977)"), new Item("100", "Fargo (1996)"),
                new Item("1", "Toy Story (1995)"), new Item("9", "Star Trek (1979)"));
    }

    @Test
    void refusalsNameTheFieldTheCatalogsTitleAndTheIdSpace() {
        List<InvalidRequestException> problems = new ArrayList<>();
        List<Item> items = RequestItems.resolve("movielens", Optional.of(MOVIES), List.of(RequestedItem.of("50",
                "Fargo (1996)"), RequestedItem.of("0", null), RequestedItem.idOrTitle("Twins (1988)"),
                RequestedItem.idOrTitle("Nothing"), RequestedItem.of("1", "Toy Story (1995)")), "candidates", problems);
        assertThat(items).containsExactly(new Item("1", "Toy Story (1995)"));
        assertThat(problems).extracting(InvalidRequestException::field).containsExactly("candidates[0].title",
                "candidates[1].id", "candidates[2]", "candidates[3]");
        assertThat(problems.get(0)).hasMessageContaining("'Star Wars (1977)'")
                .hasMessageContaining("not 'Fargo (1996)'");
        assertThat(problems.get(1)).hasMessageContaining("ML-100K movie ids")
                .hasMessageContaining("afl items --dataset movielens --search TEXT")
                .hasMessageContaining("GET /v1/datasets/movielens/items?search=TEXT");
        assertThat(problems.get(2)).hasMessageContaining("several").hasMessageContaining("[7, 8]");
        assertThat(problems.get(3)).hasMessageContaining("neither an item id nor an exact title");
    }

    @Test
    void withoutACatalogEveryItemNeedsItsTitle() {
        assertThat(RequestItems.resolveAll("lastfm", Optional.empty(), List.of(RequestedItem.of("52", "Morcheeba")),
                "history")).containsExactly(new Item("52", "Morcheeba"));
        for (RequestedItem untitled : List.of(RequestedItem.of("52", null), RequestedItem.of("52", " "),
                RequestedItem.idOrTitle("52"))) {
            assertThatThrownBy(() -> RequestItems.resolveAll("lastfm", Optional.empty(), List.of(untitled), "history"))
                    .isInstanceOf(InvalidRequestException.class).hasMessageContaining("no title");
        }
    }

    @Test
    void searchRanksExactThenPrefixThenSubstringAndDrawsRepeatably() {
        assertThat(CatalogSearch.search(MOVIES, "STAR", 10)).extracting(Item::id).containsExactly("9", "50");
        assertThat(CatalogSearch.search(MOVIES, "star wars (1977)", 10)).extracting(Item::id).containsExactly("50");
        assertThat(CatalogSearch.search(MOVIES, "(19", 2)).extracting(Item::title)
                .containsExactly("Fargo (1996)", "Star Trek (1979)");
        assertThat(CatalogSearch.search(MOVIES, "100", 10)).extracting(Item::id).containsExactly("100");
        List<Item> draw = CatalogSearch.sample(MOVIES, 3, 7, Set.of("1", "50"));
        assertThat(draw).hasSize(3).doesNotHaveDuplicates().extracting(Item::id).doesNotContain("1", "50");
        assertThat(CatalogSearch.sample(MOVIES, 3, 7, Set.of("1", "50"))).isEqualTo(draw);
        assertThat(CatalogSearch.sample(MOVIES, 10, 7, Set.of("1"))).hasSize(5);
    }
}
