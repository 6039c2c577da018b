package dev.afl.cli.estimate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.evaluation.CostEstimate.Use;
import org.junit.jupiter.api.Test;

class TokenTallyTest {

    @Test
    void eachTrajectoryCountsTheRequestsItWouldSend() {
        TokenTally tally = new TokenTally();
        tally.configuration("afl");
        // A session the offline user accepts in round 2 of 3.
        tally.beginCase();
        tally.request("recommender", 100, 10);
        tally.request("user", 50, 5);
        tally.judged(false);
        tally.request("recommender", 120, 10);
        tally.request("user", 60, 5);
        tally.judged(true);
        tally.request("recommender", 140, 10);
        tally.request("user", 70, 5);
        tally.judged(false);
        // A session accepted in round 1.
        tally.beginCase();
        tally.request("recommender", 100, 10);
        tally.request("user", 50, 5);
        tally.judged(true);
        tally.request("recommender", 120, 10);
        tally.request("user", 60, 5);
        tally.judged(true);
        tally.configuration("rec-agent");
        tally.beginCase();
        tally.request("recommender", 90, 10);

        TokenTally.Trajectories recommender = tally.tallies().get("afl").get("recommender");
        assertThat(recommender.low()).isEqualTo(new Use(2, 200, 20));
        assertThat(recommender.expected()).isEqualTo(new Use(3, 320, 30));
        assertThat(recommender.high()).isEqualTo(new Use(5, 580, 50));
        TokenTally.Trajectories user = tally.tallies().get("afl").get("user");
        assertThat(user.low()).isEqualTo(new Use(2, 100, 10));
        assertThat(user.expected()).isEqualTo(new Use(3, 160, 15));
        assertThat(user.high()).isEqualTo(new Use(5, 290, 25));
        TokenTally.Trajectories alone = tally.tallies().get("rec-agent").get("recommender");
        assertThat(alone.low()).isEqualTo(alone.high()).isEqualTo(new Use(1, 90, 10));
    }

    @Test
    void aRepeatedConfigurationCountsEachRequestOncePerRun() {
        TokenTally tally = new TokenTally();
        tally.configuration("afl", 3);
        tally.beginCase();
        tally.request("recommender", 100, 10);
        tally.judged(true);
        tally.request("recommender", 120, 10);
        tally.configuration("validation");
        tally.beginCase();
        tally.request("recommender", 50, 5);
        assertThat(tally.tallies().get("afl").get("recommender"))
                .isEqualTo(new TokenTally.Trajectories(new Use(3, 300, 30), new Use(3, 300, 30), new Use(6, 660, 60)));
        assertThat(tally.tallies().get("validation").get("recommender").high()).isEqualTo(new Use(1, 50, 5));
    }

    @Test
    void aConfigurationWithoutRequestsIsListedWithNone() {
        TokenTally tally = new TokenTally();
        tally.configuration("base");
        assertThat(tally.tallies()).containsKey("base");
        assertThat(tally.tallies().get("base")).isEmpty();
    }
}
