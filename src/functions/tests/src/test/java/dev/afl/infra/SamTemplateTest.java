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

    /**
     * X-Ray: every function traces actively (the Globals' setting, which no function overrides) and brings no role of
     * its own, so SAM's generated role gets the write-only AWSXrayWriteOnlyAccess and nothing else for tracing.
     */
    @Test
    void everyFunctionTracesWithXRayThroughSamsGeneratedRole() {
        assertThat(template.at("/Globals/Function/Tracing").asText()).isEqualTo("Active");
        List<JsonNode> functions = ofType("AWS::Serverless::Function");
        assertThat(functions).hasSize(HANDLERS.size());
        for (JsonNode function : functions) {
            String handler = function.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText();
            assertThat(function.at("/Properties/Tracing").isMissingNode()).as(handler + " overrides Tracing").isTrue();
            assertThat(function.at("/Properties/Role").isMissingNode()).as(handler + " brings its own role").isTrue();
        }
        assertThat(resources.toString()).as("X-Ray permissions granted by hand").doesNotContain("xray:");
    }

    /** X-Ray: all three state machines trace, with SAM's generated role (AWSXrayWriteOnlyAccess added by SAM). */
    @Test
    void everyStateMachineTracesWithXRayThroughSamsGeneratedRole() {
        List<JsonNode> machines = ofType("AWS::Serverless::StateMachine");
        assertThat(machines).hasSize(3);
        for (JsonNode machine : machines) {
            String definition = machine.at("/Properties/DefinitionUri").asText();
            assertThat(machine.at("/Properties/Tracing/Enabled").isBoolean()).as(definition).isTrue();
            assertThat(machine.at("/Properties/Tracing/Enabled").asBoolean()).as(definition).isTrue();
            assertThat(machine.at("/Properties/Role").isMissingNode()).as(definition + " brings its own role").isTrue();
        }
    }

    @Test
    void functionsAndSubstitutionsMatchTheCodeAndTheDefinitions() throws Exception {
        Set<String> handlers = new HashSet<>();
        for (JsonNode function : ofType("AWS::Serverless::Function")) {
            String handler = function.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText();
            handlers.add(handler);
            assertThat(function.at("/Properties/CodeUri").asText()).isEqualTo("../src/functions/" + handler + "/target/function.zip");
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
                .contains("application/problem+json", "RequestRefused", "SessionFailed", "ResultEventNotPublished");
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
                .isEqualTo("[\"AWS_IAM\",\"API_KEY\"]");
    }

    @Test
    void theApiIsBehindIamUnlessAnApiKeyIsAskedFor() {
        assertThat(template.at("/Parameters/ApiAuthorization/Default").asText()).isEqualTo("AWS_IAM");
        assertThat(template.at("/Conditions/UseApiKey/Fn::Equals/1").asText()).isEqualTo("API_KEY");
    }

    /**
     * The answers of failures the loop did not word (504, 502) are fixed problems: the state machine's error cause
     * (which can carry a function's error message, a stack trace or a service's internals) is not sent to the
     * caller; the session id is. A cause is passed on only for the loop's own Fail states, and each of those takes
     * its cause from a Pass state that turns a problem into text (a problem worded by a function or in the
     * definition), never from a caught error: the body is the problem the loop worded, unchanged.
     */
    @Test
    void apiErrorAnswersCarryNoErrorCause() throws Exception {
        String responses = resources.at("/RefinementApi/Properties/DefinitionBody/paths/~1v1~1refinements/post"
                + "/x-amazon-apigateway-integration/responses/default/responseTemplates/application~1json").asText();
        for (int status : new int[] {502, 504}) {
            String branch = branch(responses, "responseOverride.status = " + status);
            assertThat(branch).as("the %d answer", status).doesNotContain("$.cause", "$.error", "$input.json");
        }
        String failed = branch(responses, "responseOverride.status = 502");
        assertThat(failed).contains("\"sessionId\": \"$util.escapeJavaScript($sessionId)", "$context.requestId",
                "$input.path('$.input')", "util.parseJson($executionInput).request.sessionId");
        assertThat(responses.split("\\$\\.cause", -1)).as("uses of the cause").hasSize(2);
        Matcher passed = Pattern.compile("#elseif\\(\\$status == 'FAILED' && \\((.*)\\)\\)\n(?s)(.*?)#else")
                .matcher(responses);
        assertThat(passed.find()).as("the branch that passes the loop's own answer on").isTrue();
        assertThat(passed.group(2)).contains("$input.path('$.cause')", "$util.parseJson($answer).status");
        Set<String> passedErrors = new HashSet<>();
        Matcher error = Pattern.compile("\\$error == '([A-Za-z]+)'").matcher(passed.group(1));
        while (error.find()) {
            passedErrors.add(error.group(1));
        }
        JsonNode states = new ObjectMapper().readTree(Path.of("infra/statemachine/refinement-loop.asl.json").toFile())
                .get("States");
        Set<String> failStates = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            if (!state.getValue().path("Type").asText().equals("Fail")) {
                continue;
            }
            failStates.add(state.getValue().get("Error").asText());
            assertThat(state.getValue().has("Cause")).as(state.getKey()).isFalse();
            assertThat(state.getValue().path("CausePath").asText()).as(state.getKey()).isEqualTo("$.answer.cause");
        }
        assertThat(passedErrors).as("the errors whose cause is passed on: the loop's own Fail states")
                .isEqualTo(failStates);
        for (Iterator<Map.Entry<String, JsonNode>> it = states.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> state = it.next();
            if (state.getValue().path("ResultPath").asText().equals("$.answer")) {
                assertThat(state.getValue().path("Type").asText()).as(state.getKey()).isEqualTo("Pass");
                assertThat(state.getValue().at("/Parameters/cause.$").asText()).as(state.getKey())
                        .matches("States\\.JsonToString\\(\\$\\.(finalized|refusal|unpublished)\\.problem\\)");
            }
        }
    }

    /** The template text from {@code marker} to the next line that is an #elseif, #else or #end. */
    private static String branch(String template, String marker) {
        int start = template.indexOf(marker);
        assertThat(start).as(marker).isNotNegative();
        Matcher next = Pattern.compile("^#(elseif|else|end)", Pattern.MULTILINE).matcher(template);
        return template.substring(start, next.find(start) ? next.start() : template.length());
    }

    @Test
    void theRequestRuleMatchesOnlyTheDocumentedSourceAndTheBusRefusesEverythingElse() throws Exception {
        assertThat(template.at("/Parameters/RequestEventSource/Default").asText())
                .isEqualTo(dev.afl.event.EventNames.REQUEST_SOURCE);
        JsonNode pattern = resources.at("/RefinementRequestedRule/Properties/EventPattern");
        assertThat(pattern.get("source").toString()).isEqualTo("[{\"Ref\":\"RequestEventSource\"}]");
        assertThat(pattern.get("detail-type").toString())
                .isEqualTo("[\"" + dev.afl.event.EventNames.REFINEMENT_REQUESTED + "\"]");
        // The sample request in infra/events/ is one the rule starts.
        JsonNode example = new ObjectMapper().readTree(Path.of("infra/events/examples/refinement-requested.json")
                .toFile());
        assertThat(example.get("source").asText()).isEqualTo(dev.afl.event.EventNames.REQUEST_SOURCE);

        JsonNode policy = resources.at("/AflEventBus/Properties/Policy");
        String bus = "event-bus/" + resources.at("/AflEventBus/Properties/Name/Fn::Sub").asText();
        Map<String, JsonNode> denials = new java.util.HashMap<>();
        for (JsonNode statement : policy.get("Statement")) {
            assertThat(statement.get("Effect").asText()).as(statement.toString()).isEqualTo("Deny");
            assertThat(statement.get("Principal").asText()).isEqualTo("*");
            assertThat(statement.get("Action").asText()).isEqualTo("events:PutEvents");
            assertThat(statement.at("/Resource/Fn::Sub").asText()).as("the bus itself").endsWith(bus);
            denials.put(statement.get("Sid").asText(), statement.at("/Condition/StringNotEquals"));
        }
        assertThat(denials.get("OnlyThisAccountPutsEvents").at("/aws:PrincipalAccount/Ref").asText())
                .isEqualTo("AWS::AccountId");
        assertThat(denials.get("OnlyTheDocumentedSources").get("events:source").toString()).isEqualTo(
                "[{\"Ref\":\"RequestEventSource\"},\"" + dev.afl.event.EventNames.SOURCE + "\"]");
        assertThat(denials.get("OnlyTheDocumentedDetailTypes").get("events:detail-type").toString()).isEqualTo(
                "[\"" + dev.afl.event.EventNames.REFINEMENT_REQUESTED + "\",\""
                        + dev.afl.event.EventNames.RECOMMENDATION_REFINED + "\"]");
    }

    /**
     * Every function has reserved concurrency from a parameter with a bounded default, so a flood from the queue, the
     * bus or the API cannot put more than that many calls per agent in flight (EventBridge Pipes has no concurrency
     * setting of its own for an SQS source: the functions' limit is what bounds the pipe's sessions).
     */
    @Test
    void everyFunctionHasReservedConcurrencyFromAParameterWithASafeDefault() throws Exception {
        Set<String> evaluation = Set.of("case-outcome", "aggregate");
        for (Map.Entry<String, JsonNode> entry : resources.properties()) {
            if (!entry.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                continue;
            }
            JsonNode function = entry.getValue();
            String handler = function.at("/Properties/Environment/Variables/QUARKUS_LAMBDA_HANDLER").asText();
            boolean evaluates = evaluation.contains(handler);
            String parameter = evaluates ? "EvaluationFunctionConcurrency" : "LoopFunctionConcurrency";
            String condition = evaluates ? "ReserveEvaluationConcurrency" : "ReserveLoopConcurrency";
            JsonNode reserved = function.at("/Properties/ReservedConcurrentExecutions/Fn::If");
            assertThat(reserved.toString()).as(entry.getKey()).isEqualTo("[\"" + condition + "\",{\"Ref\":\""
                    + parameter + "\"},{\"Ref\":\"AWS::NoValue\"}]");
        }
        for (String parameter : List.of("LoopFunctionConcurrency", "EvaluationFunctionConcurrency")) {
            JsonNode declared = template.at("/Parameters/" + parameter);
            assertThat(declared.get("Default").asInt()).as(parameter).isBetween(1, 50);
            assertThat(declared.get("MinValue").asInt()).isZero();
        }
        assertThat(template.at("/Conditions/ReserveLoopConcurrency/Fn::Not/0/Fn::Equals").toString())
                .isEqualTo("[{\"Ref\":\"LoopFunctionConcurrency\"},\"0\"]");
        // The fan-out's default concurrency stays within the loop's reservation.
        Matcher fanOut = Pattern.compile("\"maxConcurrency\": (\\d+)")
                .matcher(Files.readString(Path.of("infra/statemachine/evaluation-fanout.asl.json")));
        assertThat(fanOut.find()).as("the fan-out's default maxConcurrency").isTrue();
        assertThat(Integer.parseInt(fanOut.group(1)))
                .isLessThanOrEqualTo(template.at("/Parameters/LoopFunctionConcurrency/Default").asInt());
        JsonNode pipe = resources.at("/RefinementRequestPipe/Properties");
        assertThat(pipe.at("/SourceParameters/SqsQueueParameters/BatchSize").asInt()).isEqualTo(1);
    }

    /** Every function logs JSON lines (application.properties keeps them off for the CLI). */
    @Test
    void functionsLogJson() {
        assertThat(template.at("/Globals/Function/Environment/Variables/QUARKUS_LOG_CONSOLE_JSON_ENABLED").asText())
                .isEqualTo("true");
        resources.fields().forEachRemaining(resource -> {
            if (resource.getValue().path("Type").asText().equals("AWS::Serverless::Function")) {
                assertThat(resource.getValue().at("/Properties/Environment/Variables/QUARKUS_LOG_CONSOLE_JSON_ENABLED")
                        .isMissingNode()).as(resource.getKey() + " does not turn JSON logs off").isTrue();
            }
        });
    }

    /**
     * The LLM functions outlast their worst case: every turn's requests at the LLM call deadline, and the waits
     * before retries, as the functions' defaults set them; otherwise Lambda kills the function before its own
     * retries can run (the old 60 s equalled one call's default deadline). The deadline reaches the functions as
     * AFL_LLM_TIMEOUT.
     */
    @Test
    void llmFunctionTimeoutsOutlastTheirCallsWithEveryRetry() throws Exception {
        // The defaults the functions read: @WithDefault in AflConfig (each default is declared once, there).
        int reAsks = Integer.parseInt(llmDefault("reAsks"));
        int callRetries = Integer.parseInt(llmDefault("callRetries"));
        long maxRetryAfter = seconds(llmDefault("maxRetryAfter"));
        assertThat(template.at("/Globals/Function/Environment/Variables/AFL_LLM_TIMEOUT/Fn::Sub").asText())
                .isEqualTo("${LlmTimeoutSeconds}s");
        Map<String, String> timeoutOf = Map.of("RecommendFunction", "Recommend", "JudgeFunction", "Judge");
        timeoutOf.forEach((function, column) -> assertThat(resources.at("/" + function + "/Properties/Timeout"
                + "/Fn::FindInMap").toString())
                .isEqualTo("[\"LlmFunctionTimeouts\",{\"Ref\":\"LlmTimeoutSeconds\"},\"" + column + "\"]"));
        JsonNode deadlines = template.at("/Parameters/LlmTimeoutSeconds/AllowedValues");
        assertThat(deadlines.size()).isPositive();
        assertThat(deadlines.toString()).contains(template.at("/Parameters/LlmTimeoutSeconds/Default").asText());
        for (JsonNode deadline : deadlines) {
            long t = deadline.asLong();
            // The one formula of a turn's worst case, as refine prints it (LlmPolicy.worstCaseTurn).
            long turn = new dev.afl.agent.llm.LlmPolicy(reAsks, callRetries, java.time.Duration.ofMillis(500),
                    java.time.Duration.ofSeconds(maxRetryAfter), true, java.time.Duration.ofSeconds(t),
                    java.time.Duration.ZERO).worstCaseTurn().toSeconds();
            assertThat(turn).isEqualTo((1L + reAsks) * ((1L + callRetries) * t + callRetries * maxRetryAfter));
            JsonNode row = template.at("/Mappings/LlmFunctionTimeouts/" + deadline.asText());
            // Two turns in recommend (the agent, and the LLM-only model when RecommendationModel=llm), one in judge.
            assertThat(row.get("Recommend").asLong()).as("recommend at T=%d s", t).isGreaterThan(2 * turn)
                    .isLessThanOrEqualTo(900);
            assertThat(row.get("Judge").asLong()).as("judge at T=%d s", t).isGreaterThan(turn)
                    .isLessThanOrEqualTo(900);
        }
        // Functions that call no LLM keep the global timeout; none is shorter than an LLM call would need.
        assertThat(template.at("/Globals/Function/Timeout").asInt()).isGreaterThanOrEqualTo(60);
    }

    private static String llmDefault(String setting) throws NoSuchMethodException {
        return dev.afl.app.AflConfig.Llm.class.getMethod(setting)
                .getAnnotation(io.smallrye.config.WithDefault.class).value();
    }

    private static long seconds(String duration) {
        return java.time.Duration.parse("PT" + duration.toUpperCase(java.util.Locale.ROOT)).toSeconds();
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

    static final String SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:afl-llm-key-AbCdEf";
    static final String CLAUDE = "anthropic.claude-3-haiku-20240307-v1:0";
    static final String NOVA = "amazon.nova-lite-v1:0";

    /**
     * With Bedrock selected, the two LLM functions' roles may invoke their own agent's model and nothing else of
     * Bedrock, no role reads a secret (even with a secret's ARN left in the parameters), and the functions get the
     * provider and each agent's model.
     */
    @Test
    void withBedrockEachLlmFunctionMayInvokeOnlyItsAgentsModelAndNoSecretIsRead() {
        DeployedTemplate deployed = new DeployedTemplate(template, Map.of("LlmProvider", "bedrock", "LlmModel", CLAUDE,
                "UserLlmModel", NOVA, "LlmApiKeySecretArn", SECRET));
        Map<String, List<String>> invocable = bedrockGrants(deployed);
        assertThat(invocable).isEqualTo(Map.of(
                "RecommendFunction", List.of("arn:aws:bedrock:us-east-1::foundation-model/" + CLAUDE),
                "JudgeFunction", List.of("arn:aws:bedrock:us-east-1::foundation-model/" + NOVA)));
        resources.properties().forEach(e -> assertThat(deployed.resource(e.getKey()).toString()).as(e.getKey())
                .doesNotContain("secretsmanager", SECRET));
        JsonNode variables = deployed.globals().at("/Function/Environment/Variables");
        assertThat(variables.path("AFL_LLM_PROVIDER").asText()).isEqualTo("bedrock");
        assertThat(variables.path("AFL_LLM_MODEL").asText()).isEqualTo(CLAUDE);
        assertThat(variables.path("AFL_LLM_API_KEY_SECRET_ARN").asText()).as("no secret to read").isEmpty();
        assertThat(deployed.resource("RecommendFunction").at("/Properties/Environment/Variables"
                + "/AFL_RECOMMENDER_LLM_MODEL").asText()).isEqualTo(CLAUDE);
        assertThat(deployed.resource("JudgeFunction").at("/Properties/Environment/Variables/AFL_USER_LLM_MODEL")
                .asText()).isEqualTo(NOVA);
        // The settings the code reads: the provider's choices are the template's.
        assertThat(template.at("/Parameters/LlmProvider/AllowedValues").toString()).isEqualTo("[" + java.util.Arrays
                .stream(dev.afl.app.AflConfig.LlmProvider.values()).map(p -> "\"" + dev.afl.app.ModeConverter
                        .spelling(p) + "\"").collect(java.util.stream.Collectors.joining(",")) + "]");
    }

    /** With the OpenAI-compatible provider (the default), the LLM functions read the key's secret and no role Bedrock. */
    @Test
    void withTheOpenAiProviderTheLlmFunctionsReadTheKeyAndNoRoleMayInvokeBedrock() {
        DeployedTemplate deployed = new DeployedTemplate(template, Map.of("LlmModel", "gpt-4o-mini",
                "LlmApiKeySecretArn", SECRET));
        assertThat(bedrockGrants(deployed)).isEmpty();
        for (String function : List.of("RecommendFunction", "JudgeFunction")) {
            JsonNode read = deployed.resource(function).at("/Properties/Policies").findParents("Sid").stream()
                    .filter(st -> st.path("Sid").asText().equals("ReadLlmApiKey")).findFirst().orElseThrow();
            assertThat(read.get("Action").toString()).isEqualTo("[\"secretsmanager:GetSecretValue\"]");
            assertThat(read.get("Resource").asText()).isEqualTo(SECRET);
        }
        assertThat(deployed.globals().at("/Function/Environment/Variables/AFL_LLM_API_KEY_SECRET_ARN").asText())
                .isEqualTo(SECRET);
        assertThat(deployed.globals().at("/Function/Environment/Variables/AFL_LLM_PROVIDER").asText())
                .isEqualTo("openai");
    }

    /** Bedrock without a model id: offline agents, so no role may invoke any model. */
    @Test
    void withBedrockButNoModelNoRoleMayInvokeAnyModel() {
        assertThat(bedrockGrants(new DeployedTemplate(template, Map.of("LlmProvider", "bedrock")))).isEmpty();
    }

    /**
     * Every resource's Bedrock grants as deployed: the ARNs each may act on, each statement checked to allow exactly
     * bedrock:InvokeModel on named foundation models (no wildcard, no other action, no other resource kind).
     */
    private static Map<String, List<String>> bedrockGrants(DeployedTemplate deployed) {
        Map<String, List<String>> grants = new java.util.TreeMap<>();
        resources.properties().forEach(e -> {
            for (JsonNode statement : deployed.resource(e.getKey()).findParents("Effect")) {
                if (!statement.path("Action").toString().contains("bedrock:")) {
                    continue;
                }
                assertThat(statement.path("Effect").asText()).isEqualTo("Allow");
                assertThat(statement.path("Action").toString()).as(e.getKey()).isEqualTo("[\"bedrock:InvokeModel\"]");
                List<String> arns = new ArrayList<>();
                JsonNode resource = statement.get("Resource");
                if (resource.isArray()) {
                    resource.forEach(r -> arns.add(r.asText()));
                } else {
                    arns.add(resource.asText());
                }
                assertThat(arns).as(e.getKey()).allSatisfy(arn -> assertThat(arn)
                        .matches("arn:aws:bedrock:us-east-1::foundation-model/[a-z0-9][a-z0-9.\\-]*:\\d+")
                        .doesNotContain("*"));
                assertThat(statement.has("NotAction") || statement.has("NotResource")).isFalse();
                grants.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).addAll(arns);
            }
        });
        return grants;
    }

    @Test
    void noSecretOrKeyValueIsWrittenInTheTemplate() throws Exception {
        String text = Files.readString(Path.of("infra/template.yaml"));
        assertThat(text).doesNotContainPattern("sk-[A-Za-z0-9]{10,}").doesNotContainPattern("AKIA[0-9A-Z]{16}")
                .doesNotContain("Value: ''", "GenerateSecretString");
        assertThat(resources.at("/RefinementApiKey/Properties/Value").isMissingNode()).isTrue();
    }
}
