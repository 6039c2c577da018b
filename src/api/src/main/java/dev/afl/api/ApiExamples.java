package dev.afl.api;

/** The example bodies the OpenAPI document shows. */
final class ApiExamples {

    static final String REQUEST = """
            {"sessionId": "user-42-2025-06-01", "dataset": "lastfm", "maxRounds": 4,
             "history": [{"id": "52", "title": "Morcheeba"}, {"id": "63", "title": "Enigma"},
                         {"id": "73", "title": "Café Del Mar"}],
             "candidates": [{"id": "53", "title": "Air"}, {"id": "1824", "title": "Zero 7"}, {"id": "2605"},
                            {"id": "6177"}]}""";

    static final String INVALID = """
            {"type": "urn:afl:problem:invalid-request", "title": "Invalid request", "status": 400,
             "detail": "2 fields of the request are invalid: candidates[1].id, maxRounds; see errors for what is wrong\
             with each.",
             "instance": "/v1/refinements",
             "errors": [{"field": "candidates[1].id",
                         "message": "item '96' is already listed at index 0; each item may appear once"},
                        {"field": "maxRounds", "message": "maxRounds must be at most 20"}]}""";

    private ApiExamples() {
    }
}
