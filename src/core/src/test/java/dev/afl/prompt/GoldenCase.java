package dev.afl.prompt;

import dev.afl.agent.Domain;
import dev.afl.agent.JudgementTask;
import dev.afl.agent.MemoryEntry;
import dev.afl.agent.RecommendationTask;
import dev.afl.agent.RewardSignal;
import dev.afl.catalog.Item;
import java.util.ArrayList;
import java.util.List;

/**
 * One fixed LastFM case for the golden prompt tests: the history of LastFM test row 1 (real artists, real ids), 20
 * real LastFM artists as candidates (its true next artist, Peter Murphy, among them), and two rounds: the agent
 * proposes the recommendation model's top-1 (Depeche Mode), the user agent rejects it, and in round 2 the agent
 * proposes Peter Murphy. Nothing here is read from the dataset or the prompt resources.
 */
final class GoldenCase {

    static final List<Item> HISTORY = List.of(new Item("521", "Ladytron"), new Item("583", "Hubert Kah"),
            new Item("584", "Sally Shapiro"), new Item("585", "Ayria"), new Item("586", "Red Flag"),
            new Item("587", "The Frozen Autumn"), new Item("588", "Cause & Effect"), new Item("589", "Wham!"),
            new Item("590", "Billy Idol"), new Item("591", "Provision"));

    static final List<Item> CANDIDATES = List.of(new Item("12", "Depeche Mode"), new Item("203", "Madonna"),
            new Item("206", "The Cure"), new Item("592", "Peter Murphy"), new Item("1672", "Erasure"),
            new Item("399", "Joy Division"), new Item("215", "Britney Spears"), new Item("414", "Pet Shop Boys"),
            new Item("519", "Bauhaus"), new Item("396", "New Order"), new Item("8", "Duran Duran"),
            new Item("418", "Siouxsie and the Banshees"), new Item("37", "Tears for Fears"), new Item("416", "Yazoo"),
            new Item("1694", "Soft Cell"), new Item("1502", "Kraftwerk"), new Item("259", "Clan of Xymox"),
            new Item("48", "VNV Nation"), new Item("698", "Covenant"), new Item("729", "Apoptygma Berzerk"));

    /** The recommendation model's top-1 for the history: the paper's I_m. */
    static final Item MODEL_TOP = CANDIDATES.getFirst();
    static final Item SECOND = CANDIDATES.get(3);

    static final String ROUND_1_REASON = "The user's synth-pop history points to Depeche Mode.";
    static final String ROUND_1_USER_REASON = "I prefer darker, post-punk artists such as Peter Murphy.";
    static final String ROUND_2_REASON = "The user asked for darker post-punk artists; Peter Murphy fits.";

    /** The reward model's scores of the candidates, in candidate order. */
    static final float[] REWARDS = rewards();

    private GoldenCase() {
    }

    static Domain lastfm() {
        return Domain.forDataset("lastfm");
    }

    /** The model ranking: its top-1 first, then the list order. */
    static List<Item> ranking() {
        return CANDIDATES;
    }

    static List<MemoryEntry> afterRound1() {
        return List.of(new MemoryEntry(1, MODEL_TOP.id(), MODEL_TOP.title(), ROUND_1_REASON, ROUND_1_USER_REASON));
    }

    static RecommendationTask recommendation(int round, boolean withModel) {
        return new RecommendationTask(lastfm(), round, HISTORY, CANDIDATES, withModel ? MODEL_TOP : null, ranking(),
                round == 1 ? List.of() : afterRound1());
    }

    static JudgementTask judgement(int round, boolean withReward, Item modelTop) {
        Item proposed = round == 1 ? MODEL_TOP : SECOND;
        return new JudgementTask(lastfm(), round, HISTORY, CANDIDATES, proposed,
                round == 1 ? ROUND_1_REASON : ROUND_2_REASON,
                withReward ? RewardSignal.of(REWARDS, CANDIDATES.indexOf(proposed)) : null,
                round == 1 ? List.of() : afterRound1(), modelTop, null);
    }

    /** The titles joined by ", ", as the released code joins them. */
    static String joined(List<Item> items) {
        return String.join(", ", items.stream().map(Item::title).toList());
    }

    private static float[] rewards() {
        float[] rewards = new float[CANDIDATES.size()];
        List<Float> values = new ArrayList<>();
        for (int i = 0; i < rewards.length; i++) {
            values.add(-2f + 0.1f * i);
        }
        values.set(0, 1.234f); // Depeche Mode
        values.set(3, 2.468f); // Peter Murphy, the reward model's best
        values.set(12, 2.0f); // Tears for Fears
        values.set(9, 1.5f); // New Order
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = values.get(i);
        }
        return rewards;
    }

    /** The prompt with its {@code <data>} fences removed: what the golden texts are compared with. */
    static String withoutFences(String text) {
        return text.replaceAll("<data name=\"[a-z-]+\">", "").replace("</data>", "");
    }
}
