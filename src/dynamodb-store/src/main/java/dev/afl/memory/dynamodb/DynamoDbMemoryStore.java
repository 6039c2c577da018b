package dev.afl.memory.dynamodb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.afl.AgentTrace;
import dev.afl.json.AflJson;
import dev.afl.memory.MemoryStore;
import dev.afl.memory.PendingRound;
import dev.afl.memory.RoundRecord;
import dev.afl.memory.Session;
import dev.afl.memory.SessionConflictException;
import dev.afl.memory.SessionRequest;
import dev.afl.memory.SessionStatus;
import dev.afl.memory.SessionTransitions.Step;
import dev.afl.memory.SessionTransitions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Sessions in DynamoDB (see {@link SessionTable}): a {@code META} item with the request and the outcome, one
 * {@code ROUND#nnnn} item per round, written progressively by the three steps (proposal, reward, judgement).
 * Every write is conditional, so a retried step never writes twice: a write whose condition fails is a
 * duplicate (the step is stored: the stored session is returned) or a conflict (refused). No transactions.
 * A step costs the caller's one read (a consistent Query of the session) and one conditional write.
 */
public final class DynamoDbMemoryStore implements MemoryStore {

    private static final ObjectMapper JSON = AflJson.records();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    public DynamoDbMemoryStore(DynamoDbClient dynamo, String table, Duration retention) {
        this(dynamo, table, retention, Clock.systemUTC());
    }

    public DynamoDbMemoryStore(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Session create(String sessionId, SessionRequest request) {
        MemoryStore.checkId(sessionId);
        Instant now = clock.instant();
        Session created = SessionTransitions.create(null, sessionId, request, now);
        Map<String, AttributeValue> item = key(sessionId, SessionTable.META);
        item.put("request", text(json(request)));
        item.put("status", text(SessionStatus.RUNNING.name()));
        item.put("createdAt", text(now.toString()));
        item.put("updatedAt", text(now.toString()));
        item.put(SessionTable.TTL_ATTRIBUTE, number(now.plus(retention).getEpochSecond()));
        try {
            writes.incrementAndGet();
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(item)
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", SessionTable.PARTITION_KEY)).build());
            return created;
        } catch (ConditionalCheckFailedException e) {
            Session existing = require(sessionId);
            SessionTransitions.create(existing, sessionId, request, now); // refuses a different request
            return existing;
        }
    }

    @Override
    public Session saveProposal(Session current, int round, String itemId, String itemTitle, String reason,
            AgentTrace recommender) {
        Session next = SessionTransitions.propose(current, round, itemId, itemTitle, reason, recommender, clock.instant());
        if (next == null) {
            return current;
        }
        Map<String, AttributeValue> item = key(current.id(), SessionTable.roundKey(round));
        item.put("proposal", text(json(next.pending())));
        item.put("updatedAt", text(next.updatedAt().toString()));
        item.put(SessionTable.TTL_ATTRIBUTE, number(current.createdAt().plus(retention).getEpochSecond()));
        return conditional(current.id(), round, Step.PROPOSAL, next, () -> dynamo.putItem(PutItemRequest.builder()
                .tableName(table).item(item).conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", SessionTable.PARTITION_KEY)).build()));
    }

    @Override
    public Session saveReward(Session current, int round, float score, int rank, List<Float> scores) {
        Session next = SessionTransitions.reward(current, round, score, rank, scores, clock.instant());
        if (next == null) {
            return current;
        }
        return conditional(current.id(), round, Step.REWARD, next, () -> dynamo.updateItem(UpdateItemRequest.builder()
                .tableName(table).key(key(current.id(), SessionTable.roundKey(round)))
                .updateExpression("SET reward = :reward, updatedAt = :now")
                .conditionExpression("attribute_exists(proposal) AND attribute_not_exists(reward)")
                .expressionAttributeValues(Map.of(":reward", text(json(next.pending())), ":now",
                        text(next.updatedAt().toString()))).build()));
    }

    @Override
    public Session saveJudgement(Session current, int round, boolean accepted, String reason, AgentTrace user) {
        Session next = SessionTransitions.judge(current, round, accepted, reason, user, clock.instant());
        if (next == null) {
            return current;
        }
        return conditional(current.id(), round, Step.JUDGEMENT, next, () -> dynamo.updateItem(UpdateItemRequest
                .builder().tableName(table).key(key(current.id(), SessionTable.roundKey(round)))
                .updateExpression("SET judgement = :judgement, updatedAt = :now")
                .conditionExpression("attribute_exists(reward) AND attribute_not_exists(judgement)")
                .expressionAttributeValues(Map.of(":judgement", text(json(next.rounds().getLast())), ":now",
                        text(next.updatedAt().toString()))).build()));
    }

    @Override
    public Session finish(Session current, SessionStatus status, String finalItemId, String failure) {
        Session next = SessionTransitions.finish(current, status, finalItemId, failure, clock.instant());
        if (next == null) {
            return current;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", text(status.name()));
        values.put(":running", text(SessionStatus.RUNNING.name()));
        values.put(":updated", text(next.updatedAt().toString()));
        values.put(":final", finalItemId == null ? nul() : text(finalItemId));
        values.put(":failure", failure == null ? nul() : text(failure));
        try {
            writes.incrementAndGet();
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(current.id(), SessionTable.META))
                    .updateExpression("SET #status = :status, finalItemId = :final, failure = :failure, updatedAt = :updated")
                    .conditionExpression("#status = :running")
                    .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values).build());
            return next;
        } catch (ConditionalCheckFailedException e) {
            // Ended meanwhile (a duplicate delivery): the same outcome is returned, another one refused.
            Session stored = require(current.id());
            if (SessionTransitions.finish(stored, status, finalItemId, failure, next.updatedAt()) == null) {
                return stored;
            }
            throw new SessionConflictException("Session '" + current.id() + "' changed while its end was written;"
                    + " retry the step.");
        }
    }

    @Override
    public Session recordResultPublished(Session current) {
        Session next = SessionTransitions.resultPublished(current, clock.instant());
        if (next == null) {
            return current;
        }
        try {
            writes.incrementAndGet();
            dynamo.updateItem(UpdateItemRequest.builder().tableName(table).key(key(current.id(), SessionTable.META))
                    .updateExpression("SET resultPublishedAt = :published")
                    .conditionExpression("#status <> :running AND attribute_not_exists(resultPublishedAt)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":published", text(next.resultPublishedAt().toString()),
                            ":running", text(SessionStatus.RUNNING.name()))).build());
            return next;
        } catch (ConditionalCheckFailedException e) {
            // Recorded meanwhile (a duplicate delivery): the stored session is returned.
            Session stored = require(current.id());
            if (SessionTransitions.resultPublished(stored, next.resultPublishedAt()) == null) {
                return stored;
            }
            throw new SessionConflictException("Session '" + current.id() + "' changed while its result event was"
                    + " recorded; retry the step.");
        }
    }

    @Override
    public Optional<Session> find(String sessionId) {
        MemoryStore.checkId(sessionId);
        reads.incrementAndGet();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = dynamo.query(QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("#pk = :id").expressionAttributeNames(Map.of("#pk", SessionTable.PARTITION_KEY))
                    .expressionAttributeValues(Map.of(":id", text(sessionId))).exclusiveStartKey(start).build());
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return session(sessionId, items);
    }

    /** The session that a partition's items hold (empty without its {@code META} item): what {@link #find} reads. */
    public static Optional<Session> session(String sessionId, List<Map<String, AttributeValue>> items) {
        Map<String, AttributeValue> meta = items.stream()
                .filter(item -> item.get(SessionTable.SORT_KEY).s().equals(SessionTable.META)).findFirst().orElse(null);
        if (meta == null) {
            return Optional.empty();
        }
        List<RoundRecord> rounds = new ArrayList<>();
        PendingRound pending = null;
        Instant updated = Instant.parse(meta.get("updatedAt").s());
        for (Map<String, AttributeValue> item : items) {
            if (item.containsKey("updatedAt")) {
                Instant written = Instant.parse(item.get("updatedAt").s());
                updated = written.isAfter(updated) ? written : updated;
            }
            if (!item.get(SessionTable.SORT_KEY).s().startsWith(SessionTable.ROUND_PREFIX)) {
                continue;
            }
            if (item.containsKey("judgement")) {
                rounds.add(parse(item.get("judgement").s(), RoundRecord.class));
            } else {
                pending = parse(item.containsKey("reward") ? item.get("reward").s() : item.get("proposal").s(),
                        PendingRound.class);
            }
        }
        return Optional.of(new Session(sessionId, parse(meta.get("request").s(), SessionRequest.class), rounds,
                pending, SessionStatus.valueOf(meta.get("status").s()), optionalText(meta, "finalItemId"),
                optionalText(meta, "failure"), Instant.parse(meta.get("createdAt").s()), updated,
                Optional.ofNullable(optionalText(meta, "resultPublishedAt")).map(Instant::parse).orElse(null)));
    }

    /** Reads (Queries) and conditional writes issued so far: what the per-step cost is measured with. */
    public long reads() {
        return reads.get();
    }

    public long writes() {
        return writes.get();
    }

    private Session conditional(String sessionId, int round, Step step, Session next, Runnable write) {
        try {
            writes.incrementAndGet();
            write.run();
            return next;
        } catch (ConditionalCheckFailedException e) {
            // Someone stored this step first (a duplicate delivery): return what is stored if it is this step.
            Session stored = require(sessionId);
            if (SessionTransitions.stored(stored, round, step)) {
                return stored;
            }
            throw new SessionConflictException("Round " + round + " of session '" + sessionId + "' changed while "
                    + step.name().toLowerCase() + " was written; retry the step.");
        }
    }

    private static Map<String, AttributeValue> key(String sessionId, String sortKey) {
        Map<String, AttributeValue> key = new HashMap<>();
        key.put(SessionTable.PARTITION_KEY, text(sessionId));
        key.put(SessionTable.SORT_KEY, text(sortKey));
        return key;
    }

    private static AttributeValue text(String value) {
        return AttributeValue.builder().s(value).build();
    }

    private static AttributeValue number(long value) {
        return AttributeValue.builder().n(Long.toString(value)).build();
    }

    private static AttributeValue nul() {
        return AttributeValue.builder().nul(true).build();
    }

    private static String optionalText(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || Boolean.TRUE.equals(value.nul()) ? null : value.s();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private static <T> T parse(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " is not readable: " + e.getMessage(), e);
        }
    }
}
