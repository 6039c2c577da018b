package dev.afl.evaluation;

/**
 * What a configuration's LLM use was expected to be before it ran, from the prompts rendered without calling any
 * LLM: requests and tokens for three trajectories, and their cost at online and at batch prices.
 *
 * @param low      every session ends at its first judgement (round 1)
 * @param expected every session follows the offline agents' trajectory (the offline user's decisions)
 * @param high     every session runs to the round limit (and the user-ranked shortlist is judged whole)
 * @param online   the cost of each trajectory at online prices, or null when no price is known for a model
 * @param batch    the same at batch prices, or null when no batch price is known
 * @param basis    how the figures were counted: the tokenizer of each agent's model, the assumed reply sizes, the
 *                 prices' source; re-asks are not included (they depend on the replies)
 */
public record CostEstimate(Use low, Use expected, Use high, Cost online, Cost batch, String basis) {

    /** Requests and tokens. */
    public record Use(long requests, long inputTokens, long outputTokens) {

        public static final Use NONE = new Use(0, 0, 0);

        public Use plus(Use other) {
            return new Use(requests + other.requests, inputTokens + other.inputTokens,
                    outputTokens + other.outputTokens);
        }
    }

    /** US dollars for the low, expected and high trajectory. */
    public record Cost(double low, double expected, double high) {

        public Cost plus(Cost other) {
            return new Cost(low + other.low, expected + other.expected, high + other.high);
        }
    }
}
