package dev.afl.memory.dynamodb;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The session table's design, shared by the store, the tests (which create the table from it) and the SAM
 * template (a test checks the template declares the same keys): partition key {@code sessionId}, sort key
 * {@code sk} = {@code META} or {@code ROUND#0001}..., TTL attribute {@code expiresAt}, on-demand capacity.
 */
public final class SessionTable {

    public static final String PARTITION_KEY = "sessionId";
    public static final String SORT_KEY = "sk";
    public static final String TTL_ATTRIBUTE = "expiresAt";
    public static final String META = "META";
    public static final String ROUND_PREFIX = "ROUND#";

    private SessionTable() {
    }

    public static String roundKey(int round) {
        return ROUND_PREFIX + String.format("%04d", round);
    }

    public static CreateTableRequest createRequest(String tableName) {
        return CreateTableRequest.builder().tableName(tableName)
                .attributeDefinitions(List.of(
                        AttributeDefinition.builder().attributeName(PARTITION_KEY).attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName(SORT_KEY).attributeType(ScalarAttributeType.S).build()))
                .keySchema(List.of(
                        KeySchemaElement.builder().attributeName(PARTITION_KEY).keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName(SORT_KEY).keyType(KeyType.RANGE).build()))
                .billingMode(BillingMode.PAY_PER_REQUEST).build();
    }
}
