package dev.afl.cli.estimate;

/**
 * The output tokens the estimate assumes of each reply, since replies cannot be known before they come: a reason
 * of two to four sentences (about 60 tokens) and the contract's line(s), each bounded by the agent's max-tokens
 * setting where one is configured.
 *
 * @param recommenderMaxTokens the recommender LLM's max-tokens, or null
 * @param userMaxTokens        the user LLM's max-tokens, or null
 */
public record ReplySizes(Integer recommenderMaxTokens, Integer userMaxTokens) {

    /** "Reason: ..." and "Item: <title>". */
    static final int PROPOSAL = 80;
    /** "Reason: ..." and five "Item:" lines. */
    static final int SHORTLIST = 130;
    /** "Reason: ..." and "Decision: yes|no", for a judgement and for a user-simulation rating alike. */
    static final int JUDGEMENT = 60;

    public long proposal() {
        return bounded(PROPOSAL, recommenderMaxTokens);
    }

    public long shortlist() {
        return bounded(SHORTLIST, recommenderMaxTokens);
    }

    public long judgement() {
        return bounded(JUDGEMENT, userMaxTokens);
    }

    /** The assumption in words, for the estimate's output. */
    public String description() {
        return "Output tokens assumed per reply (a reason of two to four sentences and the answer line): proposal "
                + proposal() + ", shortlist " + shortlist() + ", judgement or rating " + judgement()
                + (recommenderMaxTokens != null || userMaxTokens != null ? " (bounded by max-tokens)" : "");
    }

    private static long bounded(int assumed, Integer maxTokens) {
        return maxTokens == null ? assumed : Math.min(assumed, maxTokens);
    }
}
