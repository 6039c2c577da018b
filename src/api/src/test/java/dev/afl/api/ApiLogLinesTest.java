package dev.afl.api;

import static dev.afl.agent.llm.ScriptedChatServer.reply;
import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.agent.llm.LogCapture;
import dev.afl.agent.llm.ScriptedChatServer;
import dev.afl.agent.llm.ScriptedChatServerAccess;
import dev.afl.memory.FileMemoryStore;
import dev.afl.memory.Session;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.vertx.http.HttpServerStart;
import io.vertx.core.http.HttpServerOptions;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * What the API says on stderr, one INFO line each: what it runs once it listens (agents, models per dataset, store,
 * URL); a request naming an ended session is answered as stored and nothing is run; an unfinished one nobody plays
 * here (the server stopped while it ran) is resumed.
 */
@QuarkusTest
@TestProfile(LlmApiProfile.class)
class ApiLogLinesTest {

    private static final String BODY = "{\"sessionId\": \"SID\", \"dataset\": \"lastfm\", \"maxRounds\": 3,"
            + " \"history\": [{\"id\": \"52\", \"title\": \"Morcheeba\"}, {\"id\": \"63\", \"title\": \"Enigma\"}],"
            + " \"candidates\": [{\"id\": \"53\", \"title\": \"Air\"}, {\"id\": \"1824\", \"title\": \"Zero 7\"},"
            + " {\"id\": \"2605\", \"title\": \"Bonobo\"}]}";

    @TestHTTPResource("/")
    URL root;
    @ConfigProperty(name = "afl.api.store-dir")
    String storeDir;

    private RequestSpecification given() {
        return RestAssured.given().baseUri(root.toString()).contentType("application/json");
    }

    private static ScriptedChatServer llm() {
        return ScriptedChatServerAccess.server();
    }

    @Inject
    StartupSummary startup;

    @Test
    void onceListeningItSaysWhatItRuns() {
        try (LogCapture logs = LogCapture.start()) {
            startup.listening(new HttpServerStart(new HttpServerOptions().setHost("127.0.0.1").setPort(8123)));
            assertThat(logs.text()).isEqualTo("INFO dev.afl.api.StartupSummary: AFL refinement API on"
                    + " http://127.0.0.1:8123/v1: agents llm (LLM scripted-recommender, prompt set paper); models:"
                    + " lastfm (lastfm/gru4rec, reward lastfm/sasrec), movielens (movielens/gru4rec, reward"
                    + " movielens/sasrec), steam (steam/llara-sasrec, reward steam/llara-sasrec); sessions in the file store " + Path.of(storeDir).toAbsolutePath() + ".");
        }
    }

    @Test
    void anEndedSessionSentAgainIsAnsweredAsStoredAndSaysSo() {
        llm().script(reply("Reason: calm.\nItem: Air"), reply("Reason: yes.\nDecision: yes"));
        given().body(BODY.replace("SID", "ended-1")).post("/v1/refinements").then().statusCode(200);
        try (LogCapture logs = LogCapture.start()) {
            given().body(BODY.replace("SID", "ended-1")).post("/v1/refinements").then().statusCode(200);
            given().body(BODY.replace("SID", "ended-1")).post("/v1/sessions").then().statusCode(200);
            assertThat(logs.text().lines().filter(line -> line.startsWith("INFO dev.afl.api.RefinementService:"
                    + " Session ended-1 ended already (ACCEPTED after 1 round): answered as stored, nothing is run.")))
                    .hasSize(2);
        }
        assertThat(llm().remainingSteps()).as("nothing was played again").isZero();
    }

    @Test
    void anUnfinishedSessionNobodyPlaysIsResumedAndSaysSo() throws Exception {
        llm().script(reply("Reason: calm.\nItem: Air"), reply("Reason: no.\nDecision: no"),
                reply("Reason: closer.\nItem: Zero 7"), reply("Reason: yes.\nDecision: yes"),
                // the resumed copy's round 2
                reply("Reason: closer.\nItem: Zero 7"), reply("Reason: yes.\nDecision: yes"));
        given().body(BODY.replace("SID", "played-2")).post("/v1/refinements").then().statusCode(200);
        // What a server stopped after round 1 leaves: the same request, one round stored, not ended.
        FileMemoryStore sessions = new FileMemoryStore(Path.of(storeDir));
        Session played = sessions.require("played-2");
        sessions.create("cut-2", played.request());
        sessions.appendRound("cut-2", played.rounds().getFirst());
        try (LogCapture logs = LogCapture.start()) {
            given().body(BODY.replace("SID", "cut-2")).post("/v1/sessions").then().statusCode(202);
            assertThat(logs.text()).contains("INFO dev.afl.api.RefinementService: Resuming session cut-2 at round 2"
                    + " (1 round stored): nobody was playing it here (the server stopped while it ran).");
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!sessions.require("cut-2").status().terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sessions.require("cut-2").rounds()).hasSize(2);
        assertThat(sessions.require("cut-2").status()).isEqualTo(played.status());
    }
}
