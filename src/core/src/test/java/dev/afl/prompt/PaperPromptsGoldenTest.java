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

import dev.afl.agent.Domain;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.RecommendationTask;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The paper set renders the paper's Tables 1 and 2 word for word. The expected texts below are typed from the paper
 * (afl-sigir2025.txt, Tables 1-2; its PDF's "¡...¿" are "<...>" and its "’" is "'"), not read from the prompt
 * resources, with line breaks where the released code's prompts have them; the slots are filled with the golden
 * LastFM case. Where the paper has no slot (the history and the candidate list for the recommendation agent; the
 * candidates, the recommended item and its reason for the user agent) the expected text is the released code's user
 * prompt. The rendered prompts are compared with their {@code <data>} fences removed, and the fences are checked
 * apart.
 */
class PaperPromptsGoldenTest {

    /** Table 1, "Prompt Template"; slots: the memory, the recommendation model's suggestion I_m. */
    static final String TABLE_1_PROMPT = """
            You are a music artist recommendation system.
            Refine the user's listening history to predict the most likely music artist he/she will listen to next from the candidate list.
            Here is the history of communication between you and the user: %s.
            Another recommendation model has suggested a music artist for your reference: %s.

            Some useful tips:
            1. You need to first give the reasons, and then provide the recommended music artist.
            2. The recommended music artist must be on the candidate list.

            You must follow this output format:
            Reason: <your reason example>
            Item: <item example>""";

    /** Table 1, "Memory Template". */
    static final String TABLE_1_MEMORY = "In round %d, the music artist you recommended is %s. The reason you gave for"
            + " the recommendation is: %s. The reason the user provided for not considering this to be the best"
            + " recommendation is: %s.";

    /** Table 2, "Prompt Template"; slots: the history, the memory, the reward model's score. */
    static final String TABLE_2_PROMPT = """
            As a music listener, you've listened to the following music artists: %s.
            Now, a recommendation system has recommended a music artist to you from a list of music artist candidates, and has provided the reason for the recommendation.
            Determine if this recommended music artist is the most preferred option from the list of candidates based on your personal tastes and previous listening records.
            Here is the history of communication between you and the recommendation system: %s
            What's more, a reward model scores the music artist based on its relevance to your historical listening records: %s

            Some useful tips:
            1. You need to first give the reasons, and then decide whether or not the recommended music artist is the most preferred one on the candidate list for you.
            2. Summarize your own interests based on your historical listening records to make a judgment.
            3. You can refer to the score given by the reward model.

            You must follow this output format:
            Reason: <your reason example>
            Decision: <yes or no>""";

    /** Table 2, "Memory Template". */
    static final String TABLE_2_MEMORY = "In round %d, the recommended music artist is %s. The reason given by the"
            + " recommendation system is: %s The reason you provided for not considering this the best recommendation"
            + " is %s";

    /** The released code's rec_user_prompt, its history and candidates (the paper has no slot for them). */
    static final String RELEASED_REC_USER = """
            This user has listened to %s in the previous.
            Given the following %d music artists: %s, you should recommend one music artist for this user to listen to next.""";

    /** The released code's user_user_prompt without its focus list (the paper's user agent has the score instead). */
    static final String RELEASED_USER_USER = """
            The list of candidate music artists is: %s.
            The music artist recommended by the recommendation system is: %s.
            The reason provided by the recommendation system is: %s
            Please determine if the recommended music artist is the most preferred one on the candidate list for you.""";

    /** What round 1 shows as the memory: nothing was rejected yet (our choice; the paper's slot is empty then). */
    static final String NO_MEMORY = "None";

    static final PromptLibrary PAPER = PromptLibrary.of(PromptSet.PAPER);

    @Test
    void roundOneRecommendationAgentIsTable1WithItsSlotsFilled() {
        Prompt prompt = PAPER.recommender(GoldenCase.recommendation(1, true));
        assertThat(withoutFences(prompt.system())).isEqualTo(TABLE_1_PROMPT.formatted(NO_MEMORY, MODEL_TOP.title()));
        assertThat(withoutFences(prompt.user())).isEqualTo(RELEASED_REC_USER.formatted(joined(HISTORY),
                CANDIDATES.size(), joined(CANDIDATES)));
        assertThat(prompt.system()).contains("<data name=\"model-suggestion\">Depeche Mode</data>");
        assertThat(prompt.user()).contains("<data name=\"history\">Ladytron, Hubert Kah, Sally Shapiro,",
                "<data name=\"candidates\">Depeche Mode, Madonna, The Cure, Peter Murphy,", "Apoptygma Berzerk</data>");
    }

    @Test
    void roundOneUserAgentIsTable2WithTheRewardScoreAlone() {
        Prompt prompt = PAPER.user(GoldenCase.judgement(1, true, null));
        assertThat(withoutFences(prompt.system())).isEqualTo(TABLE_2_PROMPT.formatted(joined(HISTORY), NO_MEMORY,
                "1.234"));
        assertThat(withoutFences(prompt.user())).isEqualTo(RELEASED_USER_USER.formatted(joined(CANDIDATES),
                MODEL_TOP.title(), ROUND_1_REASON));
        assertThat(prompt.system() + prompt.user()).doesNotContain("rank", "median", "best candidate");
        assertThat(prompt.user()).contains("<data name=\"recommended-item\">Depeche Mode</data>",
                "<data name=\"recommender-reason\">" + ROUND_1_REASON + "</data>");
    }

    @Test
    void roundTwoRecommendationAgentHasItsMemoryAndStillTheModelsSuggestion() {
        Prompt prompt = PAPER.recommender(GoldenCase.recommendation(2, true));
        String memory = TABLE_1_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        assertThat(withoutFences(prompt.system())).isEqualTo(TABLE_1_PROMPT.formatted(memory, MODEL_TOP.title()));
        assertThat(withoutFences(prompt.user())).isEqualTo(RELEASED_REC_USER.formatted(joined(HISTORY),
                CANDIDATES.size(), joined(CANDIDATES)));
        // I_m in every round (Algorithm 1, line 5): the same item as in round 1, though the user rejected it.
        assertThat(prompt.system()).contains("<data name=\"memory\">" + memory + "</data>",
                "<data name=\"model-suggestion\">Depeche Mode</data>");
    }

    @Test
    void roundTwoUserAgentHasItsMemory() {
        Prompt prompt = PAPER.user(GoldenCase.judgement(2, true, null));
        String memory = TABLE_2_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        assertThat(withoutFences(prompt.system())).isEqualTo(TABLE_2_PROMPT.formatted(joined(HISTORY), memory,
                "2.468"));
        assertThat(withoutFences(prompt.user())).isEqualTo(RELEASED_USER_USER.formatted(joined(CANDIDATES),
                SECOND.title(), ROUND_2_REASON));
        assertThat(prompt.system()).contains("<data name=\"memory\">" + memory + "</data>");
    }

    @Test
    void withoutTheRecommendationModelTheSuggestionsSentenceIsDropped() {
        Prompt prompt = PAPER.recommender(GoldenCase.recommendation(2, false));
        String memory = TABLE_1_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        assertThat(withoutFences(prompt.system())).isEqualTo(withoutLine(TABLE_1_PROMPT.formatted(memory, "x"),
                "Another recommendation model"));
    }

    @Test
    void withoutTheRewardModelTheScoresSentenceAndTip3AreDropped() {
        Prompt prompt = PAPER.user(GoldenCase.judgement(1, false, null));
        String expected = withoutLine(withoutLine(TABLE_2_PROMPT.formatted(joined(HISTORY), NO_MEMORY, "x"),
                "What's more, a reward model"), "3. You can refer to the score");
        assertThat(withoutFences(prompt.system())).isEqualTo(expected);
    }

    @Test
    void everyDomainSpeaksOfItsOwnItems() {
        Prompt movies = PAPER.recommender(inDomain("movielens", GoldenCase.recommendation(1, true)));
        assertThat(movies.system()).startsWith("You are a movie recommendation system.\nRefine the user's watching"
                + " history to predict the most likely movie he/she will watch next from the candidate list.")
                .contains("Another recommendation model has suggested a movie for your reference:");
        assertThat(movies.user()).startsWith("This user has watched <data").contains("Given the following 20 movies:",
                "you should recommend one movie for this user to watch next.");
        Prompt gamer = PAPER.user(inDomain("steam", GoldenCase.judgement(1, true, null)));
        assertThat(gamer.system()).startsWith("As a game player, you've played the following games: <data").contains(
                "recommended a game to you from a list of game candidates", "previous playing records.",
                "relevance to your historical playing records: 1.234");
        Prompt generic = PAPER.user(inDomain("mine", GoldenCase.judgement(1, true, null)));
        assertThat(generic.system()).startsWith("As a user, you've interacted with the following items: <data")
                .contains("recommended an item to you from a list of item candidates", "previous interaction records.");
        assertThat(PAPER.recommender(inDomain("mine", GoldenCase.recommendation(1, true))).system())
                .startsWith("You are an item recommendation system.").contains("has suggested an item for");
    }

    /** Each template of the golden prompts, one word changed: the golden comparison notices. */
    @ParameterizedTest
    @ValueSource(strings = {"paper/recommender-system.txt", "paper/recommender-user.txt",
            "paper/recommender-memory.txt", "paper/user-system.txt", "paper/user-user.txt", "paper/user-memory.txt"})
    void changingOneWordOfATemplateFailsTheGoldenComparison(String template) {
        String original = PromptLibrary.read(template);
        String mutated = changeOneWord(original);
        assertThat(mutated).isNotEqualTo(original);
        PromptLibrary changed = new PromptLibrary(PromptSet.PAPER, path -> path.equals(template) ? mutated
                : PromptLibrary.read(path));
        assertThatThrownBy(() -> allGoldenPrompts(changed)).isInstanceOf(AssertionError.class);
        allGoldenPrompts(PAPER); // and the unchanged templates pass the same comparison
    }

    /** Every golden comparison above, against one library. */
    private static void allGoldenPrompts(PromptLibrary library) {
        String recommenderMemory = TABLE_1_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        String userMemory = TABLE_2_MEMORY.formatted(1, MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON);
        String recommenderUser = RELEASED_REC_USER.formatted(joined(HISTORY), CANDIDATES.size(), joined(CANDIDATES));
        for (int round : new int[] {1, 2}) {
            Prompt recommender = library.recommender(GoldenCase.recommendation(round, true));
            assertThat(withoutFences(recommender.system())).isEqualTo(TABLE_1_PROMPT.formatted(round == 1 ? NO_MEMORY
                    : recommenderMemory, MODEL_TOP.title()));
            assertThat(withoutFences(recommender.user())).isEqualTo(recommenderUser);
            Prompt user = library.user(GoldenCase.judgement(round, true, null));
            assertThat(withoutFences(user.system())).isEqualTo(TABLE_2_PROMPT.formatted(joined(HISTORY),
                    round == 1 ? NO_MEMORY : userMemory, round == 1 ? "1.234" : "2.468"));
            assertThat(withoutFences(user.user())).isEqualTo(RELEASED_USER_USER.formatted(joined(CANDIDATES),
                    round == 1 ? MODEL_TOP.title() : SECOND.title(), round == 1 ? ROUND_1_REASON : ROUND_2_REASON));
        }
    }

    /** The template with the first " the " of its text (after its comment) changed to " a ". */
    static String changeOneWord(String template) {
        int textStart = template.startsWith("{!") ? template.indexOf("!}") + 2 : 0;
        Matcher the = Pattern.compile("\\bthe\\b").matcher(template);
        if (!the.find(textStart)) {
            throw new AssertionError("no 'the' to change in " + template);
        }
        return template.substring(0, the.start()) + "a" + template.substring(the.end());
    }

    private static String withoutLine(String text, String start) {
        List<String> lines = text.lines().filter(line -> !line.startsWith(start)).toList();
        assertThat(lines).hasSize((int) text.lines().count() - 1);
        return String.join("\n", lines);
    }

    private static RecommendationTask inDomain(String dataset, RecommendationTask task) {
        return new RecommendationTask(Domain.forDataset(dataset), task.round(), task.history(), task.candidates(),
                task.modelTop(), task.modelRanking(), task.memory());
    }

    private static JudgementTask inDomain(String dataset, JudgementTask task) {
        return new JudgementTask(Domain.forDataset(dataset), task.round(), task.history(), task.candidates(),
                task.proposed(), task.recommendationReason(), task.reward(), task.memory(), task.modelTop(), null);
    }
}
