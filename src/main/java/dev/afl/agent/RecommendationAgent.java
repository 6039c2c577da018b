package dev.afl.agent;

/** The paper's f_r: proposes one candidate with a reason. Never returns an item outside the candidates. */
public interface RecommendationAgent {

    Proposal propose(RecommendationTask task);

    /** {@code llm} or {@code offline}, shown in every output. */
    String kind();
}
