package dev.afl.evaluation;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * CPython's {@code random.Random} (3.11), ported for the paper's candidate lists: the reference code draws them
 * with {@code random.seed(303)}, {@code random.sample} and {@code random.shuffle}, so drawing the same lists in
 * Java needs the same generator and the same algorithms, step for step. No Python is needed at run time.
 *
 * <ul>
 *   <li>the Mersenne Twister MT19937 ({@code _randommodule.c}: {@code init_genrand}, {@code init_by_array},
 *       {@code genrand_uint32});</li>
 *   <li>{@code seed(int)}: {@code init_by_array} with the absolute value's 32-bit words, least significant
 *       first (one zero word for 0);</li>
 *   <li>{@code getrandbits(k)}: one output shifted right for {@code k <= 32}, else 32-bit words from the least
 *       significant up, the last one shifted;</li>
 *   <li>{@code _randbelow(n)}: {@code getrandbits(n.bit_length())} until below n;</li>
 *   <li>{@code sample(population, k)}: the pool branch for small populations, the set-selection branch
 *       otherwise, chosen by the same {@code setsize} rule;</li>
 *   <li>{@code shuffle(x)}: Fisher-Yates from the end with {@code _randbelow(i + 1)}.</li>
 * </ul>
 * Not thread-safe: one generator walks one draw in order.
 */
public final class PythonRandom {

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] state = new int[N];
    private int index;

    /** {@code random.Random(seed)} for an int seed; a negative seed seeds as its absolute value, as in CPython. */
    public PythonRandom(long seed) {
        this(BigInteger.valueOf(seed));
    }

    public PythonRandom(BigInteger seed) {
        BigInteger n = seed.abs();
        int words = n.signum() == 0 ? 1 : (n.bitLength() - 1) / 32 + 1;
        int[] key = new int[words];
        for (int i = 0; i < words; i++) {
            key[i] = n.shiftRight(32 * i).intValue();
        }
        initByArray(key);
    }

    /** The next 32-bit output, {@code genrand_uint32}, as an unsigned value. */
    public long nextUint32() {
        if (index >= N) {
            twist();
        }
        int y = state[index++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return Integer.toUnsignedLong(y);
    }

    /** {@code getrandbits(k)}: a non-negative integer of k random bits. */
    public BigInteger getrandbits(int k) {
        if (k < 0) {
            throw new IllegalArgumentException("number of bits must be non-negative, got " + k);
        }
        if (k == 0) {
            return BigInteger.ZERO;
        }
        if (k <= 32) {
            return BigInteger.valueOf(nextUint32() >>> (32 - k));
        }
        BigInteger value = BigInteger.ZERO;
        int shift = 0;
        for (int bits = k; bits > 0; bits -= 32, shift += 32) {
            long word = nextUint32();
            if (bits < 32) {
                word >>>= 32 - bits; // drop the least significant bits, as CPython does
            }
            value = value.or(BigInteger.valueOf(word).shiftLeft(shift));
        }
        return value;
    }

    /** {@code _randbelow(n)} for n > 0: rejection sampling over {@code n.bit_length()} bits. */
    public int randbelow(int n) {
        if (n <= 0) {
            throw new IllegalArgumentException("randbelow needs n > 0, got " + n);
        }
        int k = 32 - Integer.numberOfLeadingZeros(n); // n.bit_length()
        long r = nextUint32() >>> (32 - k);
        while (r >= n) {
            r = nextUint32() >>> (32 - k);
        }
        return (int) r;
    }

    /** {@code random.sample(population, k)}: k distinct elements in selection order. */
    public <T> List<T> sample(List<T> population, int k) {
        int n = population.size();
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("Sample larger than population or is negative: k=" + k + ", n=" + n);
        }
        List<T> result = new ArrayList<>(k);
        if (n <= setSize(k)) {
            // An n-length list is smaller than a k-length set: draw from a pool, moving the last unselected
            // element into each vacancy.
            List<T> pool = new ArrayList<>(population);
            for (int i = 0; i < k; i++) {
                int j = randbelow(n - i);
                result.add(pool.get(j));
                pool.set(j, pool.get(n - i - 1));
            }
        } else {
            BitSet selected = new BitSet(n);
            for (int i = 0; i < k; i++) {
                int j = randbelow(n);
                while (selected.get(j)) {
                    j = randbelow(n);
                }
                selected.set(j);
                result.add(population.get(j));
            }
        }
        return result;
    }

    /** {@code random.shuffle(x)} in place. */
    public <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = randbelow(i + 1);
            T swap = list.get(i);
            list.set(i, list.get(j));
            list.set(j, swap);
        }
    }

    /**
     * CPython's {@code setsize}: 21, plus {@code 4 ** ceil(log(3k, 4))} when k > 5. 3k is never a power of 4, so
     * the ceiling is the smallest m with 4^m > 3k, computed here in integers (no floating-point edge).
     */
    static int setSize(int k) {
        int size = 21;
        if (k > 5) {
            long power = 1;
            while (power <= 3L * k) {
                power *= 4;
            }
            size += (int) power;
        }
        return size;
    }

    private void initGenrand(int seed) {
        state[0] = seed;
        for (int i = 1; i < N; i++) {
            state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
        }
        index = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            state[i] = (state[i] ^ ((state[i - 1] ^ (state[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                state[0] = state[N - 1];
                i = 1;
            }
        }
        state[0] = UPPER_MASK; // MSB is 1, assuring a non-zero initial array
    }

    private void twist() {
        int kk = 0;
        for (; kk < N - M; kk++) {
            int y = (state[kk] & UPPER_MASK) | (state[kk + 1] & LOWER_MASK);
            state[kk] = state[kk + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        for (; kk < N - 1; kk++) {
            int y = (state[kk] & UPPER_MASK) | (state[kk + 1] & LOWER_MASK);
            state[kk] = state[kk + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        int y = (state[N - 1] & UPPER_MASK) | (state[0] & LOWER_MASK);
        state[N - 1] = state[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        index = 0;
    }
}
