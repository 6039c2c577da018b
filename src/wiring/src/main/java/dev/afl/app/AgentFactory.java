package dev.afl.app;

import dev.afl.agent.RecommendationAgent;
import dev.afl.agent.UserAgent;
import dev.afl.agent.llm.LlmAvailability;
import dev.afl.agent.llm.LlmCall;
import dev.afl.agent.llm.LlmCassette;
import dev.afl.agent.llm.LlmPolicy;
import dev.afl.agent.llm.LlmRecommendationAgent;
import dev.afl.agent.llm.LlmUserAgent;
import dev.afl.agent.llm.RecommenderAssistant;
import dev.afl.agent.llm.SamplingSeed;
import dev.afl.agent.llm.UserAssistant;
import dev.afl.agent.llm.bedrock.BedrockSettings;
import dev.afl.agent.offline.OfflineRecommendationAgent;
import dev.afl.agent.offline.OfflineUserAgent;
import dev.afl.agent.offline.RewardVerdict;
import dev.afl.prompt.PromptLibrary;
import dev.afl.prompt.PromptSet;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Chooses the agents: LLM-backed when an LLM is configured (or forced), offline otherwise; each LLM agent asks its
 * OpenAI-compatible endpoint or Amazon Bedrock ({@link BedrockAgentCalls}), with the same prompts, parsing, retries,
 * fallbacks and cassettes either way.
 */
@ApplicationScoped
public class AgentFactory {

    private final AflConfig config;
    private final Instance<RecommenderAssistant> recommenderLlm;
    private final Instance<UserAssistant> userLlm;
    private final LlmCassette.Settings recommenderSettings;
    private final LlmCassette.Settings userSettings;
    private final Duration recommenderTimeout;
    private final Duration userTimeout;
    private final String recommenderEndpoint;
    private final String userEndpoint;
    /** One per LLM endpoint and model: after a call to it fails for good, every agent that calls it rests it. */
    private final java.util.concurrent.ConcurrentMap<String, LlmAvailability> availability =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Batch mode ({@code experiment --llm-mode batch}): each agent's calls wait for a batch; null while online. */
    private volatile java.util.function.Function<String, LlmCall> batchCalls;
    private volatile Duration batchCallDeadline;

    /** The simulated users (afl.agents.user=calibrated|independent); a field, so the constructor stays the LLM's. */
    @Inject
    SimulatedUsers simulatedUsers;

    /** The agents whose LLM is on Amazon Bedrock (afl.llm.provider=bedrock), and their calls. */
    @Inject
    BedrockAgentCalls bedrock;

    @Inject
    public AgentFactory(AflConfig config, Instance<RecommenderAssistant> recommenderLlm, Instance<UserAssistant> userLlm,
            @ConfigProperty(name = "quarkus.langchain4j.openai.recommender.chat-model.model-name") String recommenderModel,
            @ConfigProperty(name = "quarkus.langchain4j.openai.user.chat-model.model-name") String userModel,
            @ConfigProperty(name = "quarkus.langchain4j.openai.recommender.chat-model.temperature")
            Optional<Double> recommenderTemperature,
            @ConfigProperty(name = "quarkus.langchain4j.openai.user.chat-model.temperature")
            Optional<Double> userTemperature,
            @ConfigProperty(name = "quarkus.langchain4j.openai.recommender.chat-model.max-tokens")
            Optional<Integer> recommenderMaxTokens,
            @ConfigProperty(name = "quarkus.langchain4j.openai.user.chat-model.max-tokens")
            Optional<Integer> userMaxTokens,
            @ConfigProperty(name = "quarkus.langchain4j.openai.recommender.timeout") Duration recommenderTimeout,
            @ConfigProperty(name = "quarkus.langchain4j.openai.user.timeout") Duration userTimeout,
            @ConfigProperty(name = "quarkus.langchain4j.openai.recommender.base-url") String recommenderEndpoint,
            @ConfigProperty(name = "quarkus.langchain4j.openai.user.base-url") String userEndpoint) {
        this.config = config;
        this.recommenderLlm = recommenderLlm;
        this.userLlm = userLlm;
        this.recommenderSettings = new LlmCassette.Settings(recommenderModel, recommenderTemperature.orElse(null),
                recommenderMaxTokens.orElse(null));
        this.userSettings = new LlmCassette.Settings(userModel, userTemperature.orElse(null),
                userMaxTokens.orElse(null));
        this.recommenderTimeout = recommenderTimeout;
        this.userTimeout = userTimeout;
        this.recommenderEndpoint = recommenderEndpoint;
        this.userEndpoint = userEndpoint;
    }

    /** The configured prompt set (afl.prompt-set, AFL_PROMPT_SET): what every entry point uses unless told otherwise. */
    public PromptSet promptSet() {
        return config.promptSet();
    }

    /** True when the LLM agents are in use ({@link AflConfig#llmEnabled()}). */
    public boolean llmEnabled() {
        return config.llmEnabled();
    }

    /** {@link AflConfig#llmConfigured()}. */
    public boolean llmConfigured() {
        return config.llmConfigured();
    }

    public RewardVerdict rewardVerdict() {
        return new RewardVerdict(config.offline().acceptTopK(), config.offline().preferredShown());
    }

    /** The recommendation agent, with the configured prompt set when it is the LLM's. */
    public RecommendationAgent recommendationAgent() {
        return recommendationAgent(promptSet());
    }

    /** The recommendation agent; an LLM agent is asked with {@code prompts} (the offline agent reads no prompt). */
    public RecommendationAgent recommendationAgent(PromptSet prompts) {
        return recommendationAgent(prompts, null);
    }

    /**
     * The same, an LLM agent sampling with {@code seed} (an experiment's repeat run; null: no seed sent). The offline
     * agent is deterministic and reads no seed.
     */
    public RecommendationAgent recommendationAgent(PromptSet prompts, Integer seed) {
        if (!llmEnabled()) {
            return new OfflineRecommendationAgent();
        }
        return recommenderLlmAgent(prompts, seed);
    }

    /** The recommender LLM as an agent with the configured prompt set. */
    public LlmRecommendationAgent recommenderLlmAgent() {
        return recommenderLlmAgent(promptSet());
    }

    /**
     * The recommender LLM as an agent, whatever the agents' mode: the LLM-only recommendation model asks it. Refused
     * with what to set when no LLM is configured (never an offline stand-in).
     */
    public LlmRecommendationAgent recommenderLlmAgent(PromptSet prompts) {
        return recommenderLlmAgent(prompts, null);
    }

    /** The same, sampling with {@code seed} (an experiment's repeat run; null: no seed sent). */
    public LlmRecommendationAgent recommenderLlmAgent(PromptSet prompts, Integer seed) {
        if (!llmConfigured()) {
            throw new dev.afl.AflException("The recommendation model 'llm' asks the recommender LLM, but no LLM is"
                    + " configured: set AFL_LLM_MODEL (with AFL_LLM_BASE_URL and AFL_LLM_API_KEY, or with"
                    + " AFL_LLM_PROVIDER=bedrock), or choose a bundled or remote recommendation model.");
        }
        ProviderCall asked = providerCall("recommender", recommenderSettings, recommenderTimeout,
                (system, user) -> recommenderLlm.get().chat(system, user), recommenderEndpoint);
        return new LlmRecommendationAgent(onCassette("recommender", recommenderSettings.withSeed(seed),
                live("recommender", asked.call())), PromptLibrary.of(prompts),
                policy(callDeadline(recommenderTimeout)), recommenderSettings.model(),
                availability(asked.endpoint(), recommenderSettings.model()));
    }

    /** The recommender LLM's model id. */
    public String recommenderModel() {
        return recommenderSettings.model();
    }

    /** The user agent, with the configured prompt set when it is the LLM's. */
    public UserAgent userAgent() {
        return userAgent(promptSet());
    }

    /**
     * The user agent: a simulated user when {@code afl.agents.user} names one, else the offline agent, else the LLM's,
     * asked with {@code prompts} (the offline and simulated users read no prompt).
     */
    public UserAgent userAgent(PromptSet prompts) {
        return userAgent(prompts, null);
    }

    /**
     * The same, an LLM user sampling with {@code seed} (an experiment's repeat run; null: no seed sent). The offline and
     * simulated users read no seed (a simulated user's draws follow afl.agents.simulated.seed).
     */
    public UserAgent userAgent(PromptSet prompts, Integer seed) {
        AflConfig.UserAgentKind user = config.agents().user();
        if (user.simulated()) {
            return simulatedUsers.agent(user);
        }
        if (!userIsLlm()) {
            return new OfflineUserAgent(rewardVerdict());
        }
        if (!llmConfigured()) {
            throw new dev.afl.AflException("afl.agents.user (AFL_USER_AGENT) is llm, but no LLM is configured: set"
                    + " AFL_LLM_MODEL (with AFL_LLM_BASE_URL and AFL_LLM_API_KEY, or with AFL_LLM_PROVIDER=bedrock),"
                    + " or choose offline, calibrated or independent.");
        }
        ProviderCall asked = providerCall("user", userSettings, userTimeout,
                (system, message) -> userLlm.get().chat(system, message), userEndpoint);
        return new LlmUserAgent(onCassette("user", userSettings.withSeed(seed), live("user", asked.call())),
                PromptLibrary.of(prompts), policy(callDeadline(userTimeout)), userSettings.model(), rewardVerdict(),
                availability(asked.endpoint(), userSettings.model()));
    }

    /** An agent's call to its provider, and where it goes (which LLM rests when a call fails for good). */
    private record ProviderCall(LlmCall call, String endpoint) {
    }

    /** The agent's call on Bedrock when its provider is bedrock, else on the OpenAI-compatible endpoint. */
    private ProviderCall providerCall(String agent, LlmCassette.Settings settings, Duration timeout, LlmCall openAi,
            String openAiEndpoint) {
        if (!bedrock.asksBedrock(agent)) {
            return new ProviderCall(openAi, openAiEndpoint);
        }
        BedrockSettings onBedrock = bedrock.settings(agent, settings, timeout);
        return new ProviderCall(bedrock.call(onBedrock, replaying()), onBedrock.where());
    }

    /** Whether the agents answer from a cassette alone, never asking the LLM. */
    private boolean replaying() {
        return config.llm().cassette() == AflConfig.CassetteMode.REPLAY;
    }

    /** Whether the LLM at {@code endpoint} serving {@code model} is to be asked now, the same for every agent. */
    private LlmAvailability availability(String endpoint, String model) {
        return availability.computeIfAbsent(endpoint + " " + model, key -> new LlmAvailability());
    }

    /** Whether the user agent is the LLM's: {@code afl.agents.user=llm}, or {@code auto} with the LLM agents in use. */
    public boolean userIsLlm() {
        return switch (config.agents().user()) {
            case LLM -> true;
            case AUTO -> llmEnabled();
            case OFFLINE, CALIBRATED, INDEPENDENT -> false;
        };
    }

    /**
     * The agents of a run as results, reports and per-case files name them: {@code offline} or {@code llm} when both
     * agents are of that kind, else the recommendation agent's kind and the user's, e.g.
     * {@code offline+calibrated-eps0.10-seed20250713} (a simulated user with everything its decisions depend on).
     */
    public String agentsLabel() {
        String recommender = llmEnabled() ? "llm" : "offline";
        AflConfig.UserAgentKind kind = config.agents().user();
        String user;
        if (kind.simulated()) {
            AflConfig.Simulated simulated = config.agents().simulated();
            user = kind.name().toLowerCase(java.util.Locale.ROOT)
                    + (kind == AflConfig.UserAgentKind.INDEPENDENT ? "-" + simulated.judgeModel() : "")
                    + String.format(java.util.Locale.ROOT, "-eps%.2f-seed%d", simulated.epsilon(), simulated.seed());
        } else {
            user = userIsLlm() ? "llm" : "offline";
        }
        return recommender.equals(user) ? recommender : recommender + "+" + user;
    }

    /**
     * The longest one round can take with these settings when the agents are the LLM's: both agents' worst turns,
     * and a third (the recommender LLM's) when the recommendation model is {@code llm}; null with offline agents.
     * The remote recommendation model's calls are bounded by its own settings (see RemoteModelSettings).
     */
    public Duration worstCaseRound(boolean llmRecommendationModel) {
        if (!llmEnabled()) {
            return null;
        }
        Duration recommenderTurn = policy(recommenderTimeout).worstCaseTurn();
        Duration round = recommenderTurn.plus(policy(userTimeout).worstCaseTurn());
        return llmRecommendationModel ? round.plus(recommenderTurn) : round;
    }

    /**
     * From now on, the LLM agents made here send their calls through {@code calls} (by agent: {@code recommender},
     * {@code user}), a batch run's, each call waiting up to {@code callDeadline} instead of AFL_LLM_TIMEOUT.
     */
    public void sendInBatches(java.util.function.Function<String, LlmCall> calls, Duration callDeadline) {
        this.batchCallDeadline = callDeadline;
        this.batchCalls = calls;
    }

    /** The agent's Bedrock settings (its online calls' ones), when it asks Bedrock. */
    public Optional<BedrockSettings> bedrockSettings(String agent) {
        if (!bedrock.asksBedrock(agent)) {
            return Optional.empty();
        }
        return Optional.of("recommender".equals(agent)
                ? bedrock.settings("recommender", recommenderSettings, recommenderTimeout)
                : bedrock.settings("user", userSettings, userTimeout));
    }

    /** The agent's online call, or its batched one in batch mode. */
    private LlmCall live(String agent, LlmCall online) {
        java.util.function.Function<String, LlmCall> batched = batchCalls;
        return batched == null ? online : batched.apply(agent);
    }

    private Duration callDeadline(Duration online) {
        return batchCalls == null ? online : batchCallDeadline;
    }

    /**
     * The live call, or the same call through a cassette (keyed by the whole request, the seed included) when recording
     * or replaying; a seed in {@code settings} goes out with every request.
     */
    private LlmCall onCassette(String agent, LlmCassette.Settings settings, LlmCall unseeded) {
        LlmCall live = SamplingSeed.applied(settings.seed(), unseeded);
        return switch (config.llm().cassette()) {
            case OFF -> live;
            case RECORD -> new LlmCassette(live, Path.of(config.llm().cassetteDir(), agent + ".jsonl"),
                    LlmCassette.Mode.RECORD, agent, settings);
            case REPLAY -> new LlmCassette(live, Path.of(config.llm().cassetteDir(), agent + ".jsonl"),
                    LlmCassette.Mode.REPLAY, agent, settings);
        };
    }

    /** The LLM model id of each agent, for run manifests. */
    public java.util.Map<String, String> modelIds() {
        return java.util.Map.of("recommender", recommenderSettings.model(), "user", userSettings.model());
    }

    /** The configured prompt set's templates. */
    public PromptLibrary prompts() {
        return PromptLibrary.of(promptSet());
    }

    /** The agents' retry bounds, with {@code callDeadline} (AFL_LLM_TIMEOUT) as each call's one deadline. */
    private LlmPolicy policy(Duration callDeadline) {
        boolean fail = switch (config.llm().onUnavailable()) {
            case FAIL -> true;
            case FALLBACK -> false;
        };
        // Checked here, where the agents are made, rather than deep inside the first call that builds the client.
        OpenAiRestClientListener.checkedMaxConnections(config.llm().maxConnections());
        return new LlmPolicy(config.llm().reAsks(), config.llm().callRetries(), config.llm().backoff(),
                config.llm().maxRetryAfter(), fail, callDeadline, config.llm().unavailableCooldown());
    }
}
