package dev.afl.prompt;

import static dev.afl.prompt.GoldenCase.CANDIDATES;
import static dev.afl.prompt.GoldenCase.HISTORY;
import static dev.afl.prompt.GoldenCase.MODEL_TOP;
import static dev.afl.prompt.GoldenCase.ROUND_1_REASON;
import static dev.afl.prompt.GoldenCase.ROUND_1_USER_REASON;
import static dev.afl.prompt.GoldenCase.ROUND_2_REASON;
import static dev.afl.prompt.GoldenCase.SECOND;
import static dev.afl.prompt.GoldenCase.joined;
import static dev.afl.prompt.GoldenCase.withoutFences;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The reference-code set renders the released code's prompts as shared/paper/reference-code-prompts.md transcribes
 * them, trailing spaces and final blank lines included ({@code \s} keeps a trailing space in a text block; a code
 * block's own final line break is not part of the string). Typed here, not read from the resources.
 */
class ReferenceCodePromptsGoldenTest {

    static final String REC_SYSTEM_PROMPT = """
            You are a music artist recommendation system.
            Refine the user's listening history to predict the most likely music artist they will listen to next from a selection of candidates.
            Another recommendation system has provided its recommended music artist, which you can refer to.

            Some useful tips:\s
            1. You need to first give the reasons, and then provide the recommended music artist.
            2. The music artist you recommend must be in the candidate list.

            You must follow this output format:\s
            Reason: <your reason example>
            Item: <item example>
            """;

    static final String REC_USER_PROMPT = """
            This user has listened to %s in the previous.
            Given the following %d music artists: %s, you should recommend one music artist for this user to listen to next.
            The music artist recommended by another recommendation system is: %s.
            Based on the above information, you can select the music artist recommended by another recommendation system or choose other music artists.""";

    static final String REC_MEMORY_SYSTEM_PROMPT = """
            You are a music artist recommendation system.
            Refine the user's listening history to predict the most likely music artist they will listen to next from a selection of candidates.
            However, the user might feel that the music artist you recommended is not their top choice from the list of candidates.
            Based on the above information, select the best music artist again from the candidate list.

            Some useful tips:\s
            1. You need to first give the reasons, and then provide the recommended music artist.
            2. The music artist you recommend must be in the candidate list.

            You must follow this output format:\s
            Reason: <your reason example>
            Item: <item example>
            """;

    static final String REC_MEMORY_USER_PROMPT = """
            This user has listened to %s in the previous.
            Given the following %d music artists: %s, you should recommend one music artist for this user to listen to next.
            Here are the music artists you previously recommended and the reasons why the user thinks they are not the best choices:
            %s

            Based on the above information, select the best music artist again from the candidate list.""";

    static final String REC_BUILD_MEMORY = """
            In round %d, the music artist you recommended is %s.
            The reason you gave for the recommendation is: %s
            The reason the user provided for not considering this to be the best recommendation is: %s""";

    static final String USER_SYSTEM_PROMT = """
            As a music listener, you've listened to the following music artists: %s.
            The music artist you might like is: %s.
            Now, a recommendation system has recommended a music artist to you from a list of music artist candidates, and has provided the reason for the recommendation.
            Determine if this recommended music artist is the most preferred option from the list of candidates based on your personal tastes and previous listening records.

            Some useful tips:
            1. You need to first give the reasons, and then decide whether or not the recommended music artist is the most preferred one on the candidate list for you.
            2. Use "yes" to indicate that it is the best recommendation, and use "no" to indicate that it is not.
            3. Summarize your own interests based on your historical listening records to make a judgment.

            You must follow this output format:\s
            Reason: <your reason example>
            Decision: <yes or no>
            """;

    static final String USER_USER_PROMPT = """
            The list of candidate music artists is: %s.
            You can focus on considering these music artists: %s.
            The music artist recommended by the recommendation system is: %s.
            The reason provided by the recommendation system is: %s
            Please determine if the recommended music artist is the most preferred one on the candidate list for you.""";

    /** The focus list: the reward model's 5 best candidates (our reading of the released code's model_output). */
    static final String FOCUS = "Peter Murphy, Tears for Fears, New Order, Depeche Mode, Apoptygma Berzerk";

    static final PromptLibrary REFERENCE = PromptLibrary.of(PromptSet.REFERENCE_CODE);

    @Test
    void roundOneRecommendationAgentIsRecSystemAndRecUserPrompt() {
        Prompt prompt = REFERENCE.recommender(GoldenCase.recommendation(1, true));
        assertThat(withoutFences(prompt.system())).isEqualTo(REC_SYSTEM_PROMPT);
        assertThat(withoutFences(prompt.user())).isEqualTo(REC_USER_PROMPT.formatted(joined(HISTORY), CANDIDATES.size(),
                joined(CANDIDATES), MODEL_TOP.title()));
    }

    @Test
    void roundTwoRecommendationAgentHasItsMemoryAndNoLongerTheModelsAnswer() {
        Prompt prompt = REFERENCE.recommender(GoldenCase.recommendation(2, true));
        String memory = REC_BUILD_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        assertThat(withoutFences(prompt.system())).isEqualTo(REC_MEMORY_SYSTEM_PROMPT);
        assertThat(withoutFences(prompt.user())).isEqualTo(REC_MEMORY_USER_PROMPT.formatted(joined(HISTORY),
                CANDIDATES.size(), joined(CANDIDATES), memory));
        assertThat(prompt.system() + prompt.user()).doesNotContain("model-suggestion");
    }

    @Test
    void theUserAgentSeesTheModelsAnswerAndAFocusListButNoScoreAndNoMemory() {
        for (int round : new int[] {1, 2}) {
            Prompt prompt = REFERENCE.user(GoldenCase.judgement(round, true, MODEL_TOP));
            assertThat(withoutFences(prompt.system())).as("round %d", round)
                    .isEqualTo(USER_SYSTEM_PROMT.formatted(joined(HISTORY), MODEL_TOP.title()));
            assertThat(withoutFences(prompt.user())).as("round %d", round).isEqualTo(USER_USER_PROMPT.formatted(
                    joined(CANDIDATES), FOCUS, round == 1 ? MODEL_TOP.title() : SECOND.title(),
                    round == 1 ? ROUND_1_REASON : ROUND_2_REASON));
            assertThat(prompt.system() + prompt.user()).doesNotContain("1.234", "2.468", ROUND_1_USER_REASON);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference-code/recommender-system.txt", "reference-code/recommender-user.txt",
            "reference-code/recommender-memory.txt", "reference-code/user-system.txt", "reference-code/user-user.txt"})
    void changingOneWordOfATemplateFailsTheComparison(String template) {
        String mutated = PaperPromptsGoldenTest.changeOneWord(PromptLibrary.read(template));
        PromptLibrary changed = new PromptLibrary(PromptSet.REFERENCE_CODE, path -> path.equals(template) ? mutated
                : PromptLibrary.read(path));
        assertThatThrownBy(() -> allTranscribedPrompts(changed)).isInstanceOf(AssertionError.class);
        allTranscribedPrompts(REFERENCE);
    }

    /** Every comparison above, against one library. */
    private static void allTranscribedPrompts(PromptLibrary library) {
        String memory = REC_BUILD_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        Prompt one = library.recommender(GoldenCase.recommendation(1, true));
        Prompt two = library.recommender(GoldenCase.recommendation(2, true));
        Prompt user = library.user(GoldenCase.judgement(1, true, MODEL_TOP));
        assertThat(withoutFences(one.system())).isEqualTo(REC_SYSTEM_PROMPT);
        assertThat(withoutFences(one.user())).isEqualTo(REC_USER_PROMPT.formatted(joined(HISTORY), CANDIDATES.size(),
                joined(CANDIDATES), MODEL_TOP.title()));
        assertThat(withoutFences(two.system())).isEqualTo(REC_MEMORY_SYSTEM_PROMPT);
        assertThat(withoutFences(two.user())).isEqualTo(REC_MEMORY_USER_PROMPT.formatted(joined(HISTORY),
                CANDIDATES.size(), joined(CANDIDATES), memory));
        assertThat(withoutFences(user.system())).isEqualTo(USER_SYSTEM_PROMT.formatted(joined(HISTORY),
                MODEL_TOP.title()));
        assertThat(withoutFences(user.user())).isEqualTo(USER_USER_PROMPT.formatted(joined(CANDIDATES), FOCUS,
                MODEL_TOP.title(), ROUND_1_REASON));
    }
}
