package dev.afl.bench;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the calls a {@code DynamoDbClient} makes, registered on the client itself (so nothing the store does can
 * escape it): reads, conditional writes, unconditional writes, anything else, and HTTP attempts (retries would
 * show as more attempts than calls).
 */
final class DynamoDbCallCounter implements ExecutionInterceptor {

    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    /** The calls of one step. */
    record Calls(int reads, int conditionalWrites, int unconditionalWrites, int other, int attempts) {
    }

    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger conditionalWrites = new AtomicInteger();
    private final AtomicInteger unconditionalWrites = new AtomicInteger();
    private final AtomicInteger other = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        if (READS.contains(operation)) {
            reads.incrementAndGet();
        } else if (WRITES.contains(operation)) {
            boolean conditional = request.getValueForField("ConditionExpression", String.class).isPresent();
            (conditional ? conditionalWrites : unconditionalWrites).incrementAndGet();
        } else {
            other.incrementAndGet();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        attempts.incrementAndGet();
    }

    /** The calls counted since the last call, and a fresh count. */
    Calls take() {
        return new Calls(reads.getAndSet(0), conditionalWrites.getAndSet(0), unconditionalWrites.getAndSet(0),
                other.getAndSet(0), attempts.getAndSet(0));
    }
}
