package dev.afl.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.bench.DynamoDbCallCounter.Calls;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DynamoDB budget of the serverless loop, as a regression check: every step of a session, delivered once or
 * again, costs at most one read and one conditional write; only a duplicate that loses a race reads twice. Counted
 * on the SDK client against dynalite by the same code as the benchmark (no timing).
 */
class DynamoDbStepCostTest {

    @Test
    void everyStepCostsAtMostOneReadAndOneConditionalWrite() {
        Map<String, List<Calls>> steps = DynamoDbStepCost.measure(3);

        assertThat(steps).containsKeys("start", "recommend", "reward", "judge", "finish", "recommend, delivered again",
                "reward, delivered again", "judge, delivered again", "finish, delivered again",
                DynamoDbStepCost.RACE_LOSER);
        steps.forEach((step, calls) -> {
            if (!step.equals(DynamoDbStepCost.RACE_LOSER)) {
                assertThat(calls).as(step).allSatisfy(c -> {
                    assertThat(c.reads()).as(step + ": reads").isLessThanOrEqualTo(1);
                    assertThat(c.conditionalWrites()).as(step + ": conditional writes").isLessThanOrEqualTo(1);
                    assertThat(c.unconditionalWrites() + c.other()).as(step + ": other calls").isZero();
                    assertThat(c.attempts()).as(step + ": no SDK retries")
                            .isEqualTo(c.reads() + c.conditionalWrites());
                });
            }
        });
        assertThat(steps.get("start")).allSatisfy(c -> assertThat(c.reads()).isZero());
        assertThat(steps.get("judge")).allSatisfy(c -> assertThat(c.conditionalWrites()).isEqualTo(1));
        assertThat(steps.get("judge, delivered again")).allSatisfy(c -> assertThat(c.conditionalWrites()).isZero());
        assertThat(steps.get(DynamoDbStepCost.RACE_LOSER)).singleElement()
                .satisfies(c -> assertThat(c).isEqualTo(new Calls(2, 1, 0, 0, 3)));
    }
}
