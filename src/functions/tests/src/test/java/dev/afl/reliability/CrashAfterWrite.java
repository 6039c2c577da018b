package dev.afl.reliability;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * An interceptor on the real DynamoDB client that crashes after a write succeeded: the item reached the table,
 * the caller sees a failure (as when a function dies between its write and its reply). Crashes a seeded random
 * share of the successful writes.
 */
public final class CrashAfterWrite implements ExecutionInterceptor {

    private final Random random;
    private final double share;
    private final AtomicInteger writes = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();

    public CrashAfterWrite(long seed, double share) {
        this.random = new Random(seed);
        this.share = share;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if (context.request() instanceof PutItemRequest || context.request() instanceof UpdateItemRequest) {
            writes.incrementAndGet();
            boolean crash;
            synchronized (random) {
                crash = random.nextDouble() < share;
            }
            if (crash) {
                crashes.incrementAndGet();
                throw new InjectedCrash("after " + context.request().getClass().getSimpleName());
            }
        }
    }

    public int writes() {
        return writes.get();
    }

    public int crashes() {
        return crashes.get();
    }
}
