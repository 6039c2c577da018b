package dev.afl.agent;

/** The paper's f_r: proposes one candidate with a reason. Never returns an item outside the candidates. */
public interface RecommendationAgent {

    Proposal propose(RecommendationTask task);

    /**
     * The agent's {@code size} best candidates, best first, all distinct (the paper's ranker variants re-rank
     * them). Only the first round's task is asked for: a shortlist has no memory.
     */
    Shortlist shortlist(RecommendationTask task, int size);

    /** {@code llm} or {@code offline}, shown in every output. */
    String kind();
}
