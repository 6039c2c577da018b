package dev.afl.api;

/** The example bodies the OpenAPI document shows. */
final class ApiExamples {

    static final String REQUEST = """
            {"sessionId": "user-42-2025-06-01", "dataset": "lastfm", "maxRounds": 4,
             "history": [{"id": "52", "title": "Morcheeba"}, {"id": "63", "title": "Enigma"},
                         {"id": "73", "title": "Cafe Del Mar"}],
             "candidates": [{"id": "96", "title": "Air"}, {"id": "995", "title": "Zero 7"}, {"id": "6160"},
                            {"id": "6177"}]}""";

    static final String INVALID = """
            {"type": "urn:afl:problem:invalid-request", "title": "Invalid request", "status": 400,
             "detail": "2 fields of the request are invalid: candidates[1].id, maxRounds; see errors for what is wrong\
             with each.",
             "instance": "/v1/refinements",
             "errors": [{"field": "candidates[1].id",
                         "message": "item '96' is already listed at index 0; each item may appear once"},
                        {"field": "maxRounds", "message": "maxRounds must be at most 20"}]}""";

    /** A session of one round, followed from its start (the trace objects shortened). */
    static final String EVENTS = """
            id:1
            event:round
            data:{"round":1,"item":{"id":"96","title":"Air"},"recommendationReason":"Downtempo like Morcheeba.",\
            "rewardScore":4.21,"rewardRank":1,"accepted":true,"userReason":"Air fits my history.",\
            "recommender":{"kind":"llm","model":"gpt-4o-mini","promptSet":"paper","attempts":1,"fallback":false},\
            "user":{"kind":"llm","model":"gpt-4o-mini","promptSet":"paper","attempts":1,"fallback":false}}

            event:session
            data:{"sessionId":"user-42-2025-06-01","status":"ACCEPTED","dataset":"lastfm","agents":"llm",\
            "finalItem":{"id":"96","title":"Air"},"roundsPlayed":1,"maxRounds":4,"recommendationModel":"gru4rec",\
            "rewardModel":"sasrec","createdAt":"2025-06-01T10:00:00Z","updatedAt":"2025-06-01T10:00:03Z",\
            "links":{"self":"/v1/sessions/user-42-2025-06-01","rounds":"/v1/sessions/user-42-2025-06-01/rounds"}}
            """;

    private ApiExamples() {
    }
}
