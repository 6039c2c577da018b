package dev.afl.app;

import java.net.URI;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest;

/**
 * Supplies {@code AFL_LLM_API_KEY} from AWS Secrets Manager when {@code AFL_LLM_API_KEY_SECRET_ARN} names a secret
 * (the deployed functions), so the key is in neither the template, the environment nor the logs. Read once, on
 * first use; without the variable this source is empty. {@code AFL_SECRETS_ENDPOINT} points it elsewhere (tests).
 */
public final class SecretsManagerKeySource implements ConfigSource {

    static final String KEY = "AFL_LLM_API_KEY";
    static final String SECRET_ARN = "AFL_LLM_API_KEY_SECRET_ARN";
    static final String ENDPOINT = "AFL_SECRETS_ENDPOINT";

    private final Map<String, String> environment;
    private volatile String key;

    public SecretsManagerKeySource() {
        this(System.getenv());
    }

    SecretsManagerKeySource(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Set<String> getPropertyNames() {
        return configured() ? Set.of(KEY) : Set.of();
    }

    @Override
    public String getValue(String propertyName) {
        if (!KEY.equals(propertyName) || !configured()) {
            return null;
        }
        if (key == null) {
            synchronized (this) {
                if (key == null) {
                    key = fetch(environment.get(SECRET_ARN));
                }
            }
        }
        return key;
    }

    @Override
    public String getName() {
        return "aws-secrets-manager(" + SECRET_ARN + ")";
    }

    @Override
    public int getOrdinal() {
        return 275; // above application.properties, below real environment variables and system properties
    }

    private boolean configured() {
        String arn = environment.get(SECRET_ARN);
        return arn != null && !arn.isBlank();
    }

    private String fetch(String arn) {
        SecretsManagerClientBuilder builder = SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create());
        String region = environment.getOrDefault("AWS_REGION", environment.get("AWS_DEFAULT_REGION"));
        if (region != null) {
            builder.region(Region.of(region));
        }
        String endpoint = environment.get(ENDPOINT);
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        try (SecretsManagerClient client = builder.build()) {
            String value = client.getSecretValue(GetSecretValueRequest.builder().secretId(arn).build()).secretString();
            if (value == null || value.isBlank()) {
                throw new IllegalStateException("Secret " + arn + " (" + SECRET_ARN + ") holds no string: store the"
                        + " LLM API key as the secret's plain-text value.");
            }
            return value.strip();
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException("Cannot read the LLM API key from Secrets Manager secret " + arn + " ("
                    + e.getClass().getSimpleName() + "): check " + SECRET_ARN + " and the function's"
                    + " secretsmanager:GetSecretValue permission.", e);
        }
    }
}
