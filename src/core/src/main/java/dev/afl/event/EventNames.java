package dev.afl.event;

/**
 * The names AFL's events travel under on EventBridge. The payloads' JSON Schemas are in {@code infra/events/};
 * {@code infra/template.yaml} and the state machine use these same names.
 */
public final class EventNames {

    /** The source of the events the refinement loop publishes. */
    public static final String SOURCE = "dev.afl.refinement";
    /** A request to refine one recommendation (the detail is the loop's start event). */
    public static final String REFINEMENT_REQUESTED = "RefinementRequested";
    /**
     * The source a request must carry to start a session: the deployment's default (template parameter
     * {@code RequestEventSource}); the request rule matches only it and the bus refuses other sources.
     */
    public static final String REQUEST_SOURCE = "dev.afl.request";
    /** The outcome of one refinement session: {@link RecommendationRefined}. */
    public static final String RECOMMENDATION_REFINED = "RecommendationRefined";

    private EventNames() {
    }
}
