package dev.afl.cli;

import dev.afl.catalog.ItemCatalog;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import java.io.PrintStream;
import java.util.Locale;

/** Prints a session as a readable transcript, round by round. */
final class TranscriptPrinter {

    private final PrintStream out;
    private final ItemCatalog catalog;

    TranscriptPrinter(PrintStream out, ItemCatalog catalog) {
        this.out = out;
        this.catalog = catalog;
    }

    void print(Session session, String agents, String origin, String target) {
        out.printf("AFL session %s: %s, %s%n", session.id(), session.request().dataset(), agents);
        out.printf("Data: %s%n", origin);
        out.printf("Recommendation model %s, reward model %s, at most %d rounds%n",
                session.request().recommendationModel(), session.request().rewardModel(), session.request().maxRounds());
        out.printf("History (%d, oldest first): %s%n", session.request().history().size(),
                String.join("; ", catalog.titlesOf(session.request().history())));
        out.printf("Candidates (%d): %s%n", session.request().candidates().size(),
                String.join("; ", catalog.titlesOf(session.request().candidates())));
        for (RoundRecord round : session.rounds()) {
            out.printf("%nRound %d%n", round.round());
            out.printf("  recommends  %s%s%n", round.itemTitle(), round.recommender().fallback() ? "  [fallback]" : "");
            out.printf("  because     %s%n", round.recommendationReason());
            out.printf(Locale.ROOT, "  reward      %.3f (rank %d of %d)%n", round.rewardScore(), round.rewardRank(),
                    session.request().candidates().size());
            out.printf("  user        %s%s: %s%n", round.accepted() ? "accepts" : "rejects",
                    round.user().fallback() ? " [fallback]" : "", round.userReason());
        }
        out.println();
        String finalTitle = session.finalItemId() == null ? "(none)" : catalog.require(session.finalItemId()).title();
        out.printf("Final: %s (%s after %d round%s)%n", finalTitle, session.status().name().toLowerCase(Locale.ROOT),
                session.rounds().size(), session.rounds().size() == 1 ? "" : "s");
        if (target != null) {
            out.printf("The user's true next item: %s (%s)%n", catalog.require(target).title(),
                    target.equals(session.finalItemId()) ? "hit" : "miss");
        }
    }
}
