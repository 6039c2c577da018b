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
    static final Set<String> HANDLERS = Set.of("start", "recommend", "reward", "judge", "finalize", "case-outcome",
            "aggregate");

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
        if (policy.has("PolicyDocument")) {
            collectStatements(owner, policy.get("PolicyDocument"), problems); // an AWS::IAM::Role's inline policy
            return;
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
            JsonNode declared = statement.get("Action");
            if (declared.isTextual()) {
                actions.add(declared.asText());
            } else {
                declared.forEach(a -> actions.add(a.asText()));
            }
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
            String policies = function.at("/Properties/Policies").toString();
            assertThat(policies).doesNotContain("DynamoDBCrudPolicy");
            if (function.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText().equals("aggregate")) {
                assertThat(policies).doesNotContain("SessionTable").contains("EvaluationBucket");
            } else {
                assertThat(policies).contains("SessionTable").doesNotContain("s3:");
            }
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
        assertThat(machines).hasSize(3);
        for (JsonNode machine : machines) {
            String group = machine.at("/Properties/Logging/Destinations/0/CloudWatchLogsLogGroup/LogGroupArn/Fn::GetAtt/0")
                    .asText();
            assertThat(resources.at("/" + group + "/Properties/RetentionInDays").isMissingNode()).as(group).isFalse();
        }
        assertThat(machines).extracting(m -> m.at("/Properties/Type").asText()).containsExactlyInAnyOrder("EXPRESS",
                "STANDARD", "STANDARD");
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

    /** Every IAM statement of a resource's Policies (SAM policies and AWS::IAM::Role inline policies). */
    static List<JsonNode> statements(String resource) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode policy : resources.at("/" + resource + "/Properties/Policies")) {
            JsonNode document = policy.has("PolicyDocument") ? policy.get("PolicyDocument") : policy;
            document.path("Statement").forEach(found::add);
        }
        return found;
    }

    static JsonNode statement(String resource, String sid) {
        return statements(resource).stream().filter(st -> st.path("Sid").asText().equals(sid)).findFirst()
                .orElseThrow(() -> new AssertionError(resource + " has no statement " + sid));
    }

    @Test
    void theLoopPublishesResultEventsOnItsOwnBusOnly() throws Exception {
        JsonNode bus = resources.get("AflEventBus");
        assertThat(bus.get("Type").asText()).isEqualTo("AWS::Events::EventBus");
        for (String machine : List.of("RefinementLoopExpress", "RefinementLoopStandard")) {
            assertThat(resources.at("/" + machine + "/Properties/DefinitionSubstitutions/ResultEventBusName/Ref").asText())
                    .isEqualTo("AflEventBus");
            JsonNode publish = statement(machine, "PublishResultEvents");
            assertThat(publish.get("Action").toString()).isEqualTo("[\"events:PutEvents\"]");
            assertThat(publish.at("/Resource/Fn::GetAtt/0").asText()).isEqualTo("AflEventBus");
        }
        String definition = Files.readString(Path.of("infra/statemachine/refinement-loop.asl.json"));
        assertThat(definition).contains("\"Source\": \"" + dev.afl.event.EventNames.SOURCE + "\"",
                "\"DetailType\": \"" + dev.afl.event.EventNames.RECOMMENDATION_REFINED + "\"");
    }

    @Test
    void requestEventsAndQueuedRequestsStartTheStandardLoopWithNothingLost() {
        JsonNode rule = resources.at("/RefinementRequestedRule/Properties");
        assertThat(rule.at("/EventBusName/Ref").asText()).isEqualTo("AflEventBus");
        assertThat(rule.at("/EventPattern/detail-type/0").asText())
                .isEqualTo(dev.afl.event.EventNames.REFINEMENT_REQUESTED);
        JsonNode target = rule.at("/Targets/0");
        assertThat(target.at("/Arn/Ref").asText()).isEqualTo("RefinementLoopStandard");
        assertThat(target.at("/DeadLetterConfig/Arn/Fn::GetAtt/0").asText()).isEqualTo("RequestDeadLetterQueue");
        assertThat(target.at("/InputTransformer/InputTemplate").asText()).contains("\"request\": <request>",
                "\"delivery\"");
        JsonNode start = statement("RefinementRequestedRuleRole", "StartTheStandardLoop");
        assertThat(start.get("Action").toString()).isEqualTo("[\"states:StartExecution\"]");
        assertThat(start.at("/Resource/Ref").asText()).isEqualTo("RefinementLoopStandard");
        // Only this rule may drop undeliverable events into the dead-letter queue.
        assertThat(resources.at("/RequestDeadLetterQueuePolicy/Properties/PolicyDocument/Statement/0/Condition/ArnEquals"
                + "/aws:SourceArn/Fn::GetAtt/0").asText()).isEqualTo("RefinementRequestedRule");

        JsonNode pipe = resources.at("/RefinementRequestPipe/Properties");
        assertThat(pipe.at("/Source/Fn::GetAtt/0").asText()).isEqualTo("RefinementRequestQueue");
        assertThat(pipe.at("/Target/Ref").asText()).isEqualTo("RefinementLoopStandard");
        assertThat(pipe.at("/TargetParameters/InputTemplate").asText()).contains("\"request\": <$.body>",
                "<$.messageId>");
        assertThat(resources.at("/RefinementRequestQueue/Properties/RedrivePolicy/deadLetterTargetArn/Fn::GetAtt/0")
                .asText()).isEqualTo("RequestDeadLetterQueue");
        assertThat(statement("RefinementRequestPipeRole", "ReadTheRequestQueue").at("/Resource/Fn::GetAtt/0").asText())
                .isEqualTo("RefinementRequestQueue");
    }

    @Test
    void theApiStartsTheExpressLoopSynchronouslyBehindAnApiKeyOrIam() {
        JsonNode post = resources.at("/RefinementApi/Properties/DefinitionBody/paths/~1v1~1refinements/post");
        JsonNode integration = post.get("x-amazon-apigateway-integration");
        assertThat(integration.at("/uri/Fn::Sub").asText()).endsWith(":states:action/StartSyncExecution");
        assertThat(integration.at("/credentials/Fn::GetAtt/0").asText()).isEqualTo("RefinementApiRole");
        assertThat(integration.at("/requestTemplates/application~1json/Fn::Sub").asText())
                .contains("${RefinementLoopExpress}", "\\\"request\\\"", "$context.requestId");
        assertThat(integration.at("/responses/default/responseTemplates/application~1json").asText())
                .contains("application/problem+json", "RequestRefused", "responseOverride.status = 400");
        assertThat(post.at("/security/Fn::If/0").asText()).isEqualTo("UseApiKey");
        assertThat(post.at("/security/Fn::If/1/0").has("api_key")).isTrue();
        assertThat(post.at("/security/Fn::If/2/0").has("sigv4")).isTrue();
        JsonNode start = statement("RefinementApiRole", "StartSyncExecution");
        assertThat(start.get("Action").toString()).isEqualTo("[\"states:StartSyncExecution\"]");
        assertThat(start.at("/Resource/Ref").asText()).isEqualTo("RefinementLoopExpress");
        for (String keyResource : List.of("RefinementApiKey", "RefinementApiUsagePlan", "RefinementApiUsagePlanKey")) {
            assertThat(resources.at("/" + keyResource + "/Condition").asText()).isEqualTo("UseApiKey");
        }
        assertThat(template.at("/Parameters/ApiAuthorization/AllowedValues").toString())
                .isEqualTo("[\"API_KEY\",\"AWS_IAM\"]");
    }

    @Test
    void theFanOutReadsCasesAndWritesResultsUnderItsPrefixesOnly() {
        JsonNode bucket = resources.at("/EvaluationBucket/Properties");
        assertThat(bucket.at("/PublicAccessBlockConfiguration/RestrictPublicBuckets").asBoolean()).isTrue();
        assertThat(bucket.at("/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault"
                + "/SSEAlgorithm").asText()).isEqualTo("AES256");
        JsonNode fanOut = resources.at("/EvaluationFanOut/Properties");
        assertThat(fanOut.at("/DefinitionUri").asText()).isEqualTo("statemachine/evaluation-fanout.asl.json");
        assertThat(fanOut.at("/Name/Fn::Sub").asText()).isEqualTo("${AWS::StackName}-evaluation-fanout");
        Map<String, String> s3Scopes = Map.of(
                "EvaluationFanOut/ReadTheCaseFile", "${EvaluationBucket.Arn}/cases/*",
                "EvaluationFanOut/WriteTheResults", "${EvaluationBucket.Arn}/results/*",
                "AggregateFunction/WriteMetrics", "${EvaluationBucket.Arn}/results/*");
        s3Scopes.forEach((where, scope) -> {
            String[] parts = where.split("/");
            assertThat(statement(parts[0], parts[1]).at("/Resource/Fn::Sub").asText()).as(where).isEqualTo(scope);
        });
        assertThat(statement("AggregateFunction", "ReadCaseFilesAndResults").get("Resource").toString())
                .contains("/cases/*", "/results/*");
        // The items play the loop and may follow only its executions and their own.
        assertThat(statement("EvaluationFanOut", "PlayCasesWithTheLoop").at("/Resource/Ref").asText())
                .isEqualTo("RefinementLoopStandard");
        assertThat(statement("EvaluationFanOut", "RunTheItems").at("/Resource/Fn::Sub").asText())
                .endsWith(":stateMachine:${AWS::StackName}-evaluation-fanout");
        for (JsonNode st : statements("EvaluationFanOut")) {
            if (!st.path("Sid").asText().equals("StateMachineLogDelivery")) {
                assertThat(st.get("Resource").toString()).as(st.toString()).doesNotContain("\"*\"");
            }
        }
    }

    @Test
    void noSecretOrKeyValueIsWrittenInTheTemplate() throws Exception {
        String text = Files.readString(Path.of("infra/template.yaml"));
        assertThat(text).doesNotContainPattern("sk-[A-Za-z0-9]{10,}").doesNotContainPattern("AKIA[0-9A-Z]{16}")
                .doesNotContain("Value: ''", "GenerateSecretString");
        assertThat(resources.at("/RefinementApiKey/Properties/Value").isMissingNode()).isTrue();
    }
}
