package dev.afl.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.afl.memory.dynamodb.SessionTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Reads infra/template.yaml: least-privilege IAM, TTL and retention, and wiring that matches the code. */
class SamTemplateTest {

    /** Log-delivery actions Step Functions needs; AWS accepts only Resource '*' for them. */
    static final Set<String> STAR_RESOURCE_ALLOWED = Set.of("logs:CreateLogDelivery", "logs:GetLogDelivery",
            "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries", "logs:PutResourcePolicy",
            "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");
    /** SAM policy templates that scope themselves to one named resource. */
    static final Set<String> POLICY_TEMPLATES_ALLOWED = Set.of("LambdaInvokePolicy");
    static final Set<String> HANDLERS = Set.of("start", "recommend", "reward", "judge", "finalize");

    static JsonNode template;
    static JsonNode resources;

    @BeforeAll
    static void read() throws Exception {
        template = new ObjectMapper(new YAMLFactory()).readTree(Path.of("infra/template.yaml").toFile());
        resources = template.get("Resources");
    }

    static List<JsonNode> ofType(String type) {
        List<JsonNode> found = new ArrayList<>();
        resources.properties().forEach(e -> {
            if (e.getValue().path("Type").asText().equals(type)) {
                found.add(e.getValue());
            }
        });
        return found;
    }

    /** Every problem of a policy list: wildcard actions, '*' resources outside the allow list, unknown templates. */
    static List<String> policyProblems(String owner, JsonNode policies) {
        List<String> problems = new ArrayList<>();
        for (JsonNode policy : policies) {
            collectStatements(owner, policy, problems);
        }
        return problems;
    }

    private static void collectStatements(String owner, JsonNode policy, List<String> problems) {
        if (policy.has("Fn::If")) {
            collectStatements(owner, policy.get("Fn::If").get(1), problems);
            collectStatements(owner, policy.get("Fn::If").get(2), problems);
            return;
        }
        if (policy.has("Ref")) {
            return; // AWS::NoValue
        }
        if (!policy.has("Statement")) {
            Iterator<String> names = policy.fieldNames();
            String template = names.next();
            if (!POLICY_TEMPLATES_ALLOWED.contains(template)) {
                problems.add(owner + " uses policy template " + template);
            }
            return;
        }
        for (JsonNode statement : policy.get("Statement")) {
            List<String> actions = new ArrayList<>();
            statement.get("Action").forEach(a -> actions.add(a.asText()));
            for (String action : actions) {
                if (action.contains("*")) {
                    problems.add(owner + " allows wildcard action " + action);
                }
            }
            JsonNode resource = statement.get("Resource");
            if (resource == null) {
                problems.add(owner + " has a statement without Resource");
            } else if (resource.isTextual() && resource.asText().contains("*")
                    && !STAR_RESOURCE_ALLOWED.containsAll(actions)) {
                problems.add(owner + " grants " + actions + " on Resource " + resource.asText());
            }
        }
    }

    @Test
    void iamIsLeastPrivilege() {
        List<String> problems = new ArrayList<>();
        resources.properties().forEach(e -> {
            JsonNode policies = e.getValue().path("Properties").path("Policies");
            if (policies.isArray()) {
                problems.addAll(policyProblems(e.getKey(), policies));
            }
        });
        assertThat(problems).isEmpty();
        for (JsonNode function : ofType("AWS::Serverless::Function")) {
            assertThat(function.at("/Properties/Policies").toString()).doesNotContain("DynamoDBCrudPolicy")
                    .contains("SessionTable");
        }
    }

    @Test
    void theCheckerCatchesWildcardsAndBroadTemplates() throws Exception {
        JsonNode bad = new ObjectMapper(new YAMLFactory()).readTree("""
                - Version: '2012-10-17'
                  Statement:
                    - Effect: Allow
                      Action: ['dynamodb:*']
                      Resource: {Fn::GetAtt: [SessionTable, Arn]}
                    - Effect: Allow
                      Action: [s3:GetObject]
                      Resource: '*'
                - DynamoDBCrudPolicy:
                    TableName: x
                """);
        assertThat(policyProblems("Bad", bad)).hasSize(3);
    }

    @Test
    void theSessionTableMatchesTheStoreWithTtlAndOnDemandCapacity() {
        JsonNode table = resources.at("/SessionTable/Properties");
        assertThat(table.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(table.at("/TimeToLiveSpecification/AttributeName").asText()).isEqualTo(SessionTable.TTL_ATTRIBUTE);
        assertThat(table.at("/TimeToLiveSpecification/Enabled").asBoolean()).isTrue();
        Map<String, String> keys = new java.util.HashMap<>();
        table.get("KeySchema").forEach(k -> keys.put(k.get("KeyType").asText(), k.get("AttributeName").asText()));
        assertThat(keys).isEqualTo(Map.of("HASH", SessionTable.PARTITION_KEY, "RANGE", SessionTable.SORT_KEY));
    }

    @Test
    void everyFunctionAndStateMachineLogsWithRetention() {
        for (JsonNode function : ofType("AWS::Serverless::Function")) {
            String group = function.at("/Properties/LoggingConfig/LogGroup/Ref").asText();
            assertThat(resources.at("/" + group + "/Type").asText()).isEqualTo("AWS::Logs::LogGroup");
            assertThat(resources.at("/" + group + "/Properties/RetentionInDays").isMissingNode()).isFalse();
        }
        List<JsonNode> machines = ofType("AWS::Serverless::StateMachine");
        assertThat(machines).hasSize(2);
        for (JsonNode machine : machines) {
            String group = machine.at("/Properties/Logging/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0")
                    .asText();
            assertThat(resources.at("/" + group + "/Properties/RetentionInDays").isMissingNode()).as(group).isFalse();
        }
        assertThat(machines).extracting(m -> m.at("/Properties/Type").asText()).containsExactlyInAnyOrder("EXPRESS",
                "STANDARD");
    }

    @Test
    void functionsAndSubstitutionsMatchTheCodeAndTheDefinitions() throws Exception {
        Set<String> handlers = new HashSet<>();
        for (JsonNode function : ofType("AWS::Serverless::Function")) {
            String handler = function.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText();
            handlers.add(handler);
            assertThat(function.at("/Properties/CodeUri").asText()).isEqualTo("../target/functions/" + handler + ".zip");
        }
        assertThat(handlers).isEqualTo(HANDLERS);
        for (JsonNode machine : ofType("AWS::Serverless::StateMachine")) {
            Path definition = Path.of("infra").resolve(machine.at("/Properties/DefinitionUri").asText());
            Set<String> placeholders = new HashSet<>();
            Matcher matcher = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(Files.readString(definition));
            while (matcher.find()) {
                placeholders.add(matcher.group(1));
            }
            Set<String> substituted = new HashSet<>();
            machine.at("/Properties/DefinitionSubstitutions").fieldNames().forEachRemaining(substituted::add);
            assertThat(substituted).isEqualTo(placeholders);
        }
    }
}
