package dev.afl.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.afl.Dynalite;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The priming before a SnapStart snapshot, against dynalite: it reads, loads, writes nothing and never throws. */
class FunctionPrimingTest {

    private static Dynalite dynalite;
    private static DynamoDbClient client;

    @BeforeAll
    static void startDynalite() {
        dynalite = Dynalite.start();
        client = dynalite.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        dynalite.close();
    }

    @Test
    void readsOneSessionAndLoadsTheModelsOfEveryDatasetWithoutWriting() {
        DynamoDbMemoryStore store = new DynamoDbMemoryStore(client, Dynalite.TABLE, Duration.ofDays(1));
        List<String> loaded = new ArrayList<>();
        FunctionPriming priming = new FunctionPriming("reward", store, List.of("lastfm", "movielens"), loaded::add);

        priming.beforeCheckpoint(null); // what SnapStart calls before its snapshot

        assertThat(store.reads()).isEqualTo(1);
        assertThat(store.writes()).isZero();
        assertThat(loaded).containsExactly("lastfm", "movielens");
        assertThat(store.find(FunctionPriming.SESSION_ID)).isEmpty();
        assertThat(client.scan(scan -> scan.tableName(Dynalite.TABLE)).count()).isZero();
    }

    @Test
    void aFailingReadOrModelIsSkippedAndTheRestStillPrimed() {
        DynamoDbMemoryStore missingTable = new DynamoDbMemoryStore(client, "no-such-table", Duration.ofDays(1));
        List<String> loaded = new ArrayList<>();
        FunctionPriming priming = new FunctionPriming("recommend", missingTable, List.of("lastfm", "movielens"),
                dataset -> {
                    if (dataset.equals("lastfm")) {
                        throw new IllegalStateException("model file unreadable");
                    }
                    loaded.add(dataset);
                });

        assertThatCode(priming::prime).doesNotThrowAnyException();
        assertThat(loaded).containsExactly("movielens");
    }
}
