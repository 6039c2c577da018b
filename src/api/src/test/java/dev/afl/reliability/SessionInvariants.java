package dev.afl.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionStatus;
import java.util.List;

/**
 * What any reader may rely on, whenever it reads a session: rounds numbered 1..n without gaps or repeats, a round
 * in progress only as round n+1, and a session that ended normally (any terminal status but FAILED) complete:
 * every round stored, none pending, the last proposal as its answer. A FAILED session keeps what was played,
 * a round in progress included.
 */
public final class SessionInvariants {

    private SessionInvariants() {
    }

    public static void check(Session session) {
        List<RoundRecord> rounds = session.rounds();
        for (int i = 0; i < rounds.size(); i++) {
            assertThat(rounds.get(i).round()).as("round numbers of %s", session.id()).isEqualTo(i + 1);
        }
        if (session.pending() != null) {
            assertThat(session.pending().round()).as("round in progress of %s", session.id())
                    .isEqualTo(rounds.size() + 1);
        }
        assertThat(rounds.size()).as("rounds of %s", session.id()).isLessThanOrEqualTo(session.request().maxRounds());
        if (session.status().terminal() && session.status() != SessionStatus.FAILED) {
            assertThat(session.pending()).as("%s ended %s with a round in progress", session.id(), session.status())
                    .isNull();
            assertThat(rounds).as("%s ended %s without rounds", session.id(), session.status()).isNotEmpty();
            assertThat(session.finalItemId()).as("answer of %s", session.id()).isEqualTo(rounds.getLast().itemId());
            if (session.status() == SessionStatus.ACCEPTED) {
                assertThat(rounds.getLast().accepted()).as("%s ACCEPTED", session.id()).isTrue();
            }
            if (session.status() == SessionStatus.MAX_ROUNDS) {
                assertThat(rounds).as("%s MAX_ROUNDS", session.id()).hasSize(session.request().maxRounds());
            }
        }
        assertThat(rounds.stream().limit(Math.max(0, rounds.size() - 1)).noneMatch(RoundRecord::accepted))
                .as("%s has an accepted round before its last", session.id()).isTrue();
    }

    /** A round as the agents played it, without timings (which differ between runs). */
    public record Played(int round, String itemId, String recommendationReason, int rewardRank, boolean accepted,
            String userReason) {

        public static List<Played> of(Session session) {
            return session.rounds().stream().map(r -> new Played(r.round(), r.itemId(), r.recommendationReason(),
                    r.rewardRank(), r.accepted(), r.userReason())).toList();
        }
    }
}
