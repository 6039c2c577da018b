package dev.afl.agent;

/** The paper's f_u: role-plays the user and accepts or rejects a proposal with a reason. */
public interface UserAgent {

    Judgement judge(JudgementTask task);

    /** {@code llm} or {@code offline}, shown in every output. */
    String kind();
}
