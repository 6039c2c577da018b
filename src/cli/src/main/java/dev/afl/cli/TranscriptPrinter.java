package dev.afl.cli;

import dev.afl.AgentTrace;
import dev.afl.catalog.Item;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Prints a session as a readable transcript: its header, each round, its outcome. The command prints the parts as
 * they happen (the header before the first round is played, a round once its judgement is stored); a session that
 * has ended already is printed by the same parts at once.
 */
final class TranscriptPrinter {

    private final PrintStream out;

    TranscriptPrinter(PrintStream out) {
        this.out = out;
    }

    /** What is refined, with what: printed before the first round is played. */
    void header(Session session, String agents, String origin) {
        out.printf("AFL session %s: %s, %s%n", session.id(), session.request().dataset(), agents);
        out.printf("Data: %s%n", origin);
        out.printf("Recommendation model %s, reward model %s, at most %d rounds%n",
                session.request().recommendationModel(), session.request().rewardModel(), session.request().maxRounds());
        out.printf("History (%d, oldest first): %s%n", session.request().history().size(),
                titles(session.request().history()));
        out.printf("Candidates (%d): %s%n", session.request().candidates().size(), titles(session.request().candidates()));
        out.flush();
    }

    /** One completed round of the session: printed as soon as its judgement is stored. */
    void round(Session session, RoundRecord round) {
        out.printf("%nRound %d%n", round.round());
        out.printf("  recommends  %s%s%n", round.itemTitle(), round.recommender().fallback() ? "  [fallback]" : "");
        out.printf("  because     %s%n", round.recommendationReason());
        fallback(round.recommender());
        out.printf(Locale.ROOT, "  reward      %.3f (rank %d of %d)%n", round.rewardScore(), round.rewardRank(),
                session.request().candidates().size());
        out.printf("  user        %s%s: %s%n", round.accepted() ? "accepts" : "rejects",
                round.user().fallback() ? " [fallback]" : "", round.userReason());
        fallback(round.user());
        out.flush();
    }

    /** The outcome of the ended session. */
    void footer(Session session, Item target) {
        out.println();
        String finalTitle = session.request().candidates().stream().filter(i -> i.id().equals(session.finalItemId()))
                .map(Item::title).findFirst().orElse("(none)");
        out.printf("Final: %s (%s after %d round%s)%n", finalTitle, session.status().name().toLowerCase(Locale.ROOT).replace('_', ' '),
                session.rounds().size(), session.rounds().size() == 1 ? "" : "s");
        if (target != null) {
            out.printf("The user's true next item: %s (%s)%n", target.title(),
                    target.id().equals(session.finalItemId()) ? "hit" : "miss");
        }
        out.flush();
    }

    /** What a fallback was and why, from the trace: the agents' reasons never carry it. */
    private void fallback(AgentTrace trace) {
        if (trace != null && trace.fallback() && trace.fallbackReason() != null) {
            out.printf("  fallback    %s%n", trace.fallbackReason());
        }
    }

    private static String titles(List<Item> items) {
        return String.join("; ", items.stream().map(Item::title).toList());
    }
}
