package dev.afl.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The port of CPython's {@code random} against values CPython 3.11.7 gives. Each expected list was printed by the
 * Python snippet in the comment above it.
 */
class PythonRandomTest {

    @Test
    void rawOutputsAfterSeed303AreCPythons() {
        // r=random.Random(303); print([r.getrandbits(32) for _ in range(8)])
        assertThat(outputs(new PythonRandom(303), 8)).containsExactly(135967821L, 1031577287L, 4160980461L,
                3180251553L, 837113166L, 394624520L, 4270936873L, 2431806338L);
        // r=random.Random(303); o=[r.getrandbits(32) for _ in range(1300)]; print(o[622:627], o[1299])
        List<Long> many = outputs(new PythonRandom(303), 1300);
        assertThat(many.subList(622, 627)).containsExactly(3722679322L, 2889583894L, 2623096693L, 3840501774L,
                941333169L);
        assertThat(many.get(1299)).isEqualTo(2812155142L);
    }

    @Test
    void otherSeedsIncludingZeroAndMultiWordOnesAreCPythons() {
        // r=random.Random(2**40+7); print([r.getrandbits(32) for _ in range(4)])
        assertThat(outputs(new PythonRandom((1L << 40) + 7), 4)).containsExactly(2635837658L, 3209733218L,
                3500038837L, 4028389051L);
        // r=random.Random(0); print([r.getrandbits(32) for _ in range(4)])
        assertThat(outputs(new PythonRandom(0), 4)).containsExactly(3626764237L, 1654615998L, 3255389356L,
                3823568514L);
        // random.seed(-n) seeds as abs(n)
        assertThat(outputs(new PythonRandom(-303), 3)).isEqualTo(outputs(new PythonRandom(303), 3));
    }

    @Test
    void getrandbitsTakesWordsLikeCPython() {
        // r=random.Random(303); print([r.getrandbits(k) for k in (1,5,31,32,33,64,100)])
        PythonRandom random = new PythonRandom(303);
        assertThat(IntStream.of(1, 5, 31, 32, 33, 64, 100).mapToObj(random::getrandbits).toList()).containsExactly(
                BigInteger.ZERO, BigInteger.valueOf(7), BigInteger.valueOf(2080490230L),
                BigInteger.valueOf(3180251553L), BigInteger.valueOf(837113166L),
                new BigInteger("10444528696186458921"), new BigInteger("733547901282309774583770499475"));
        assertThat(new PythonRandom(1).getrandbits(0)).isEqualTo(BigInteger.ZERO);
        assertThatThrownBy(() -> new PythonRandom(1).getrandbits(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void randbelowRejectsLikeCPython() {
        // r=random.Random(303); print([r._randbelow(n) for n in (1,2,3,7,100,4606,2**31-1)])
        PythonRandom random = new PythonRandom(303);
        assertThat(IntStream.of(1, 2, 3, 7, 100, 4606, Integer.MAX_VALUE).map(random::randbelow).boxed().toList())
                .containsExactly(0, 0, 2, 1, 11, 2119, 1217043215);
    }

    @Test
    void sampleFollowsBothOfCPythonsBranches() {
        // k = 19: setsize = 21 + 4**ceil(log(57, 4)) = 85. n <= 85 draws from a pool, n > 85 selects indices.
        assertThat(PythonRandom.setSize(19)).isEqualTo(85);
        assertThat(PythonRandom.setSize(5)).isEqualTo(21);
        assertThat(PythonRandom.setSize(6)).isEqualTo(85);
        // r=random.Random(303); print(r.sample(range(40),19))
        assertThat(new PythonRandom(303).sample(range(40), 19)).containsExactly(2, 15, 12, 5, 16, 33, 25, 10, 26,
                38, 34, 18, 31, 39, 8, 35, 17, 21, 1);
        // r=random.Random(303); print(r.sample(range(85),19))   (pool branch, at the limit)
        assertThat(new PythonRandom(303).sample(range(85), 19)).containsExactly(4, 30, 24, 11, 72, 79, 33, 80, 66,
                50, 20, 52, 60, 81, 32, 67, 84, 15, 75);
        // r=random.Random(303); print(r.sample(range(86),19))   (set branch, just past it)
        assertThat(new PythonRandom(303).sample(range(86), 19)).containsExactly(4, 30, 24, 11, 72, 79, 33, 66, 50,
                20, 52, 60, 74, 32, 67, 69, 76, 15, 17);
        // r=random.Random(303); print(r.sample(range(4606),19))
        assertThat(new PythonRandom(303).sample(range(4606), 19)).containsExactly(259, 1967, 1596, 752, 2119, 4229,
                3262, 1291, 3356, 3873, 723, 2101, 4329, 4455, 263, 994, 3204, 1131, 4037);
        // r=random.Random(42); print(r.sample(range(10),3), r.sample(range(1000),2))
        PythonRandom random = new PythonRandom(42);
        assertThat(random.sample(range(10), 3)).containsExactly(1, 0, 4);
        assertThat(random.sample(range(1000), 2)).containsExactly(250, 228);
        assertThatThrownBy(() -> new PythonRandom(1).sample(range(3), 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Sample larger than population");
    }

    @Test
    void shuffleAndASequenceOfCallsAreCPythons() {
        // r=random.Random(303); x=list(range(20)); r.shuffle(x); print(x)
        List<Integer> shuffled = range(20);
        new PythonRandom(303).shuffle(shuffled);
        assertThat(shuffled).containsExactly(3, 13, 11, 5, 0, 10, 14, 4, 19, 18, 12, 16, 17, 15, 9, 8, 2, 6, 7, 1);
        // r=random.Random(303); print(r.sample(range(40),19)); print(r.sample(list('abcdefghijklmnopqrstuvwxyz'),5))
        // x=list(range(20)); r.shuffle(x); print(x)
        PythonRandom random = new PythonRandom(303);
        random.sample(range(40), 19);
        assertThat(random.sample(List.of("abcdefghijklmnopqrstuvwxyz".split("")), 5))
                .containsExactly("t", "d", "w", "m", "e");
        List<Integer> after = range(20);
        random.shuffle(after);
        assertThat(after).containsExactly(6, 7, 10, 1, 16, 19, 4, 14, 18, 2, 5, 12, 3, 17, 11, 8, 13, 0, 9, 15);
    }

    private static List<Long> outputs(PythonRandom random, int count) {
        List<Long> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(random.nextUint32());
        }
        return values;
    }

    private static List<Integer> range(int n) {
        return new ArrayList<>(IntStream.range(0, n).boxed().toList());
    }
}
