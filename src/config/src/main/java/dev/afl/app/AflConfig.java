package dev.afl.app;

import dev.afl.prompt.PromptSet;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The application's own settings (afl.*). Each default is declared once: in META-INF/microprofile-config.properties
 * when the setting is read from an environment variable of another name ({@code afl.agents.mode=${AFL_AGENTS:auto}}),
 * else here with {@code @WithDefault} (AflConfigDefaultsTest holds to it). Modes are enums read at start-up: a wrong
 * value stops the application with the setting's name and choices ({@link ModeConverter}).
 */
@ConfigMapping(prefix = "afl")
public interface AflConfig {

    /**
     * The prompt set of the LLM agents (AFL_PROMPT_SET): {@code paper} (Tables 1-2 of the paper, the default),
     * {@code reference-code} (the authors' released code) or {@code extended} (this project's earlier wording).
     * {@code refine} and {@code experiment} take {@code --prompt-set} for one run.
     */
    @WithDefault("paper")
    @WithConverter(PromptSetConverter.class)
    PromptSet promptSet();

    Agents agents();

    Loop loop();

    Offline offline();

    Llm llm();

    Models models();

    Store store();

    Api api();

    Functions functions();

    /** True when the LLM agents are in use: afl.agents.mode {@code llm}, or {@code auto} with an LLM configured. */
    default boolean llmEnabled() {
        return switch (agents().mode()) {
            case LLM -> true;
            case OFFLINE -> false;
            case AUTO -> llmConfigured();
        };
    }

    /**
     * True when an LLM can be asked: a model id is configured, or a cassette answers for it, or the LLM agents are
     * forced on (whatever the agents' mode: offline agents may consult the LLM-only recommendation model).
     */
    default boolean llmConfigured() {
        return llm().model().isPresent() || llm().cassette() == CassetteMode.REPLAY
                || agents().mode() == AgentsMode.LLM;
    }

    interface Agents {
        /**
         * Which agents play (AFL_AGENTS): {@code auto}, {@code offline} or {@code llm};
         * default in the properties file.
         */
        @WithConverter(ModeConverter.AgentsModes.class)
        AgentsMode mode();

        /**
         * The user agent (AFL_USER_AGENT): {@code auto} (the kind {@link #mode()} chooses), {@code offline},
         * {@code llm}, or one of the simulated users, {@code calibrated} or {@code independent}
         * ({@code dev.afl.agent.simulated}; no LLM). Default in the properties file.
         */
        @WithConverter(ModeConverter.UserAgentKinds.class)
        UserAgentKind user();

        /** The simulated users' settings. */
        Simulated simulated();
    }

    /** Which agents play (afl.agents.mode, AFL_AGENTS), spelled in lower case. */
    enum AgentsMode {
        /** The LLM agents when an LLM is configured (AFL_LLM_MODEL, or a cassette to replay), else the offline ones. */
        AUTO,
        /** The offline agents, whatever is configured. */
        OFFLINE,
        /** The LLM agents; refused where no LLM is configured. */
        LLM
    }

    /** Which user agent plays the user: the one the agents' mode chooses, or a named one (lower case). */
    enum UserAgentKind {
        /** The kind afl.agents.mode chooses (LLM when an LLM is configured, else offline). */
        AUTO,
        /** The offline user: the reward model's verdict. */
        OFFLINE,
        /** The LLM user agent. */
        LLM,
        /** The calibrated noisy user: accepts with the probability, estimated on validation, that a reward rank is right. */
        CALIBRATED,
        /** The independent-information user: judges with its own model (afl.agents.simulated.judge-model). */
        INDEPENDENT;

        /** Whether this is one of the simulated users. */
        public boolean simulated() {
            return this == CALIBRATED || this == INDEPENDENT;
        }
    }

    interface Simulated {
        /**
         * The probability that a simulated user's decision is reversed (AFL_USER_EPSILON), in [0, 1]; default in the
         * properties file.
         */
        double epsilon();

        /** The simulated users' seed: decisions are drawn from it and the session's content, so runs repeat. */
        @WithDefault("20250713")
        long seed();

        /** The bundled model the independent-information user judges with (not the reward model). */
        @WithDefault("morec")
        String judgeModel();
    }

    interface Loop {
        /** The paper's default round limit. */
        @WithDefault("4")
        int maxRounds();
    }

    interface Offline {
        /** The user agent accepts a proposal ranked within this many best candidates by reward. */
        @WithDefault("1")
        int acceptTopK();

        /** How many preferred candidates the user agent names when it rejects. */
        @WithDefault("3")
        int preferredShown();
    }

    interface Llm {
        /** The LLM model id (AFL_LLM_MODEL); setting it switches {@code auto} mode to the LLM agents. */
        Optional<String> model();

        /**
         * Where both agents' LLM is asked (AFL_LLM_PROVIDER): {@code openai}, an OpenAI-compatible endpoint with an
         * API key (the default), or {@code bedrock}, Amazon Bedrock's Converse API with the AWS credentials of the
         * SDK's default chain. An agent's own setting ({@link #recommender()}, {@link #user()}) overrides it.
         */
        @WithDefault("openai")
        @WithConverter(ModeConverter.LlmProviders.class)
        LlmProvider provider();

        /** Amazon Bedrock's region and endpoint for both agents (AFL_BEDROCK_REGION, AFL_BEDROCK_ENDPOINT). */
        Bedrock bedrock();

        /** The recommendation agent's own provider and Bedrock settings (AFL_RECOMMENDER_LLM_PROVIDER, ...). */
        RecommenderLlm recommender();

        /** The user agent's own provider and Bedrock settings (AFL_USER_LLM_PROVIDER, ...). */
        UserLlm user();

        /** Re-asks after an unusable answer, before the fallback. */
        @WithDefault("2")
        int reAsks();

        /**
         * Retries of a failed call (HTTP 429/5xx, timeout, dropped connection, unreadable reply); the only retries:
         * the OpenAI client itself tries each call once.
         */
        @WithDefault("2")
        int callRetries();

        /** First retry delay; doubled each retry, with up to 50% jitter, never longer than max-retry-after. */
        @WithDefault("500ms")
        Duration backoff();

        /**
         * The longest wait before a retry: an LLM that answers 429/503 with a longer {@code Retry-After} is given up
         * on at once (the call fails with that reason), and the backoff stops growing here.
         */
        @WithDefault("10s")
        Duration maxRetryAfter();

        /**
         * After a call has failed for good (every retry spent), how long the agent takes its fallback at once instead
         * of asking again (AFL_LLM_UNAVAILABLE_COOLDOWN); 0s asks every time. Only with {@code on-unavailable=fallback}.
         */
        @WithDefault("30s")
        Duration unavailableCooldown();

        /**
         * Connections each agent's LLM client may hold open at once (AFL_LLM_MAX_CONNECTIONS), so calls in flight
         * per agent; more wait in the client's queue. The REST client's own default, 50, capped the fan-out.
         */
        @WithDefault("256")
        int maxConnections();

        /** When calls keep failing (AFL_LLM_ON_UNAVAILABLE): {@code fallback}, the local default, or {@code fail}. */
        @WithDefault("fallback")
        @WithConverter(ModeConverter.OnUnavailableModes.class)
        OnUnavailable onUnavailable();

        /** LLM replies on a cassette (AFL_LLM_CASSETTE): {@code off}, {@code record} or {@code replay}. */
        @WithDefault("off")
        @WithConverter(ModeConverter.CassetteModes.class)
        CassetteMode cassette();

        /** Folder of the cassettes, one file per agent (AFL_LLM_CASSETTE_DIR). */
        @WithDefault("target/cassettes")
        String cassetteDir();

        /** US dollars per million input tokens: cost estimates of budgets (the ledgers' default price, one constant). */
        @WithDefault(dev.afl.evaluation.CostLedger.Prices.DEFAULT_INPUT)
        double inputPricePerMillion();

        /** US dollars per million output tokens. */
        @WithDefault(dev.afl.evaluation.CostLedger.Prices.DEFAULT_OUTPUT)
        double outputPricePerMillion();

        /**
         * A request's budget with these prices where it names none (what its cost limit is counted in); no budget,
         * and a budget without any limit ({@code "budget": {}}, or prices alone), is {@link dev.afl.memory.Budget#NONE},
         * so such a request equals the same request without a budget. The command line, the functions and the API
         * take budgets through it.
         */
        default dev.afl.memory.Budget priced(dev.afl.memory.Budget budget) {
            if (budget == null) {
                return dev.afl.memory.Budget.NONE;
            }
            if (budget.isEmpty()) {
                budget.validate(); // prices alone limit nothing, but a negative one is still a mistake to report
                return dev.afl.memory.Budget.NONE;
            }
            return budget.withDefaultPrices(inputPricePerMillion(), outputPricePerMillion());
        }
    }

    /** Where an agent's LLM is asked (afl.llm.provider), spelled in lower case. */
    enum LlmProvider {
        /** An OpenAI-compatible chat-completions endpoint (AFL_LLM_BASE_URL) with an API key. */
        OPENAI,
        /** Amazon Bedrock's Converse API, signed with the AWS credentials of the SDK's default chain; no API key. */
        BEDROCK
    }

    /** Amazon Bedrock for both agents; each agent's own setting overrides these. */
    interface Bedrock {
        /** The AWS region (AFL_BEDROCK_REGION); none: the SDK's region chain (AWS_REGION, the profile). */
        Optional<String> region();

        /** A runtime endpoint other than the region's (AFL_BEDROCK_ENDPOINT): a VPC endpoint, a local test server. */
        Optional<String> endpoint();
    }

    /**
     * The recommendation agent's own LLM provider (AFL_RECOMMENDER_LLM_PROVIDER), Bedrock region
     * (AFL_RECOMMENDER_BEDROCK_REGION) and endpoint (AFL_RECOMMENDER_BEDROCK_ENDPOINT); each unset one is the shared
     * setting's.
     */
    interface RecommenderLlm {
        @WithConverter(ModeConverter.RecommenderLlmProviders.class)
        Optional<LlmProvider> provider();

        Optional<String> bedrockRegion();

        Optional<String> bedrockEndpoint();
    }

    /**
     * The user agent's own LLM provider (AFL_USER_LLM_PROVIDER), Bedrock region (AFL_USER_BEDROCK_REGION) and
     * endpoint (AFL_USER_BEDROCK_ENDPOINT); each unset one is the shared setting's.
     */
    interface UserLlm {
        @WithConverter(ModeConverter.UserLlmProviders.class)
        Optional<LlmProvider> provider();

        Optional<String> bedrockRegion();

        Optional<String> bedrockEndpoint();
    }

    /** What an agent does when its LLM calls keep failing (afl.llm.on-unavailable), spelled in lower case. */
    enum OnUnavailable {
        /** Take the named fallback (the model's suggestion, the reward verdict): the local default. */
        FALLBACK,
        /** Raise LlmUnavailableException, so the state machine retries the step and finally fails the session. */
        FAIL
    }

    /** LLM replies on a cassette (afl.llm.cassette), spelled in lower case. */
    enum CassetteMode {
        /** Every call goes to the LLM; nothing is kept. */
        OFF,
        /** Calls the LLM and keeps every reply; prompts already recorded are answered from the cassette. */
        RECORD,
        /** Answers only from the cassette, never calling the LLM; a miss is an error. */
        REPLAY
    }

    interface Store {
        /** The DynamoDB session table of the functions (AFL_SESSION_TABLE; default in the properties file). */
        String table();

        /** How long a session is kept before DynamoDB's TTL removes it. */
        @WithDefault("P7D")
        Duration retention();
    }

    interface Functions {
        /**
         * Whether a function primes itself at start-up (AFL_FUNCTIONS_PRIME_AT_START), as it always does before a
         * SnapStart snapshot: a session read and the models it loads (dev.afl.function.FunctionPriming). For
         * provisioned concurrency, whose start-up is not on a request's path; off by default, since elsewhere it
         * only moves that time from the first event to the start.
         */
        @WithDefault("false")
        boolean primeAtStart();
    }

    interface Api {
        /**
         * Folder of the API's session files (one JSON file per session); default: {@code AFL_STATE_DIR}, else
         * {@code ~/.local/share/afl/sessions}, the folder {@code ./afl refine} uses.
         */
        Optional<String> storeDir();

        /**
         * The data folder the API reads the datasets' catalogs (titles) from: {@code reference-splits/<dataset>/
         * items.jsonl}; default: {@code AFL_DATA_DIR}. Without one the API serves no catalog, and requests must title
         * every item.
         */
        Optional<String> dataDir();

        /** Refinements the asynchronous endpoint runs at once. */
        @WithDefault("2")
        int asyncWorkers();

        /** Asynchronous refinements that may wait for a worker; beyond them a submission is answered 503. */
        @WithDefault("64")
        int asyncQueue();

        /**
         * The longest a session's event stream (GET /v1/sessions/{id}/events) stays open; a client following on
         * reconnects with Last-Event-ID.
         */
        @WithDefault("30m")
        Duration eventsDeadline();
    }

    interface Models {
        /**
         * The recommendation model the agent consults: a bundled ONNX model (sasrec, gru4rec, caser, or any other
         * card in the models folder), {@code llm} (the recommender LLM picks; needs an LLM configured) or
         * {@code remote} (the endpoint of {@code afl.models.remote.url}).
         */
        @WithDefault("gru4rec")
        String recommendation();

        /** The fixed reward model the user agent consults (bundled name; SASRec in the paper). */
        @WithDefault("sasrec")
        String reward();

        /**
         * Whether a dataset without models in the folder gets them at first use where they can be made here
         * (Steam: the published LLaRA SASRec imported from AFL_REFERENCE_MODELS; {@link ModelFolder}). On for the
         * API; off by default, so a function package, which cannot import, keeps to the models it carries.
         */
        @WithDefault("false")
        boolean importAtFirstUse();

        Remote remote();
    }

    /** The remote recommendation model: any recommender behind an HTTP endpoint speaking the JSON contract. */
    interface Remote {
        /** The endpoint requests are POSTed to (AFL_REMOTE_MODEL_URL); required when the model is {@code remote}. */
        Optional<String> url();

        /**
         * The whole of one try: connecting, sending and reading the answer (AFL_REMOTE_MODEL_TIMEOUT; default in the
         * properties file).
         */
        Duration timeout();

        /** Further tries after HTTP 429/5xx, a timeout or a connection error. */
        @WithDefault("2")
        int retries();

        /** First retry delay; doubled each retry, with jitter; at least what Retry-After asks. */
        @WithDefault("200ms")
        Duration backoff();

        /** The longest Retry-After honoured; an endpoint asking for more fails at once. */
        @WithDefault("10s")
        Duration maxRetryAfter();

        /** Key sent with every request (AFL_REMOTE_MODEL_API_KEY; from the environment or a secret, never a file). */
        Optional<String> apiKey();

        /** The header the key goes in; {@code Authorization} sends it as {@code Bearer <key>}. */
        @WithDefault("Authorization")
        String apiKeyHeader();
    }
}
