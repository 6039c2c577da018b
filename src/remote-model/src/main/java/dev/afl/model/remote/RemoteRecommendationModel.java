package dev.afl.model.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.afl.AflException;
import dev.afl.model.EmptyHistoryException;
import dev.afl.model.RecommendationModel;
import dev.afl.model.ScoringRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Any recommender behind an HTTP endpoint (a fine-tuned LLM recommender, a service of another team), spoken to in a
 * small JSON contract, one POST per user:
 *
 * <pre>
 * request:  {"dataset": "lastfm", "history": ["52", "63", ...], "candidates": ["96", "995", ...]}
 * response: {"scores": [0.12, -1.5, ...]}
 * </pre>
 *
 * History oldest first, as the request holds it; stable item ids of the dataset. The answer must hold exactly one
 * finite number per candidate, in candidate order (higher is better); anything else is a
 * {@link RemoteModelException} naming the endpoint and what is wrong. Schemas:
 * {@code docs/remote-model/request.schema.json} and {@code response.schema.json}.
 *
 * <p>{@link #knows} accepts every id: the endpoint has no vocabulary we can read, so the dataset's catalog (the
 * CLI) or the reward model's vocabulary (the functions) decides which ids reach it, and an id the endpoint cannot
 * score is its to refuse (HTTP 4xx, reported as such).
 */
public final class RemoteRecommendationModel implements RecommendationModel {

    public static final String NAME = dev.afl.model.ModelChoices.REMOTE;

    // NaN and Infinity are read (to be refused by name) rather than failing as unreadable JSON.
    private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final String CONTRACT = " The endpoint must answer {\"scores\": [one finite number per candidate,"
            + " in candidate order]} (see the README, 'Recommendation models').";

    private final String dataset;
    private final RemoteEndpoint endpoint;

    RemoteRecommendationModel(String dataset, RemoteEndpoint endpoint) {
        this.dataset = dataset;
        this.endpoint = endpoint;
    }

    /** The remote model of {@code dataset}, with its own HTTP client. */
    public static RemoteRecommendationModel of(String dataset, RemoteModelSettings settings) {
        return new RemoteRecommendationModel(dataset, new RemoteEndpoint(settings));
    }

    @Override
    public String name() {
        return dataset + "/" + NAME;
    }

    /** Every id: see the class comment. */
    @Override
    public boolean knows(String itemId) {
        return true;
    }

    @Override
    public String provenance() {
        return "remote:" + endpoint.endpoint();
    }

    /** One POST per request, in turn. */
    @Override
    public List<float[]> scoreBatch(List<ScoringRequest> requests) {
        List<float[]> scores = new ArrayList<>(requests.size());
        for (ScoringRequest request : requests) {
            scores.add(score(request));
        }
        return scores;
    }

    private float[] score(ScoringRequest request) {
        if (request.history().isEmpty()) {
            throw new EmptyHistoryException();
        }
        if (request.candidates().isEmpty()) {
            throw new AflException("No candidates to score: give at least one candidate item.");
        }
        ObjectNode body = JSON.createObjectNode().put("dataset", dataset);
        request.history().forEach(body.putArray("history")::add);
        request.candidates().forEach(body.putArray("candidates")::add);
        return read(endpoint.post(body.toString()), request.candidates().size());
    }

    private float[] read(String answer, int candidates) {
        JsonNode root;
        try {
            root = JSON.readTree(answer);
        } catch (JsonProcessingException e) {
            throw contract("answered something that is not JSON" + RemoteEndpoint.snippet(answer) + ".");
        }
        if (root == null || root.isMissingNode()) {
            throw contract("answered an empty body.");
        }
        JsonNode scores = root.get("scores");
        if (scores == null || !scores.isArray()) {
            throw contract("answered JSON without a \"scores\" array" + RemoteEndpoint.snippet(answer) + ".");
        }
        if (scores.size() != candidates) {
            throw contract("answered " + scores.size() + " scores for " + candidates + " candidates.");
        }
        float[] values = new float[candidates];
        for (int i = 0; i < candidates; i++) {
            JsonNode score = scores.get(i);
            if (!score.isNumber()) {
                throw contract("answered " + score + " as score " + (i + 1) + ", which is not a number.");
            }
            values[i] = score.floatValue();
            if (!Float.isFinite(values[i])) {
                throw contract("answered " + score.asText() + " as score " + (i + 1) + ", which is not a finite"
                        + " number.");
            }
        }
        return values;
    }

    private RemoteModelException contract(String problem) {
        return new RemoteModelException("The remote recommendation model " + endpoint.endpoint() + " " + problem
                + CONTRACT);
    }
}
