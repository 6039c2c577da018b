package dev.afl.model.remote;

import dev.afl.AflException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * How to reach the remote recommendation model ({@code afl.models.remote.*}).
 *
 * @param url           the endpoint that answers POSTed requests (http or https)
 * @param timeout       the whole of one try: connecting, sending and reading the answer
 * @param retries       further tries after HTTP 429/5xx, a timeout or a connection error (not after other answers)
 * @param backoff       the first retry's delay; each retry doubles it, with up to 50% jitter
 * @param maxRetryAfter the longest {@code Retry-After} honoured; an endpoint asking for more fails at once
 * @param apiKey        sent in {@code apiKeyHeader} when present (as {@code Bearer <key>} for Authorization);
 *                      never logged or shown
 */
public record RemoteModelSettings(URI url, Duration timeout, int retries, Duration backoff, Duration maxRetryAfter,
        Optional<String> apiKey, String apiKeyHeader) {

    public RemoteModelSettings {
        if (url == null || url.getScheme() == null || url.getHost() == null
                || !(url.getScheme().equals("http") || url.getScheme().equals("https"))) {
            throw new AflException("afl.models.remote.url (AFL_REMOTE_MODEL_URL) must be an http or https URL such as"
                    + " https://recommender.example.com/score, got '" + url + "'.");
        }
        if (timeout.isZero() || timeout.isNegative()) {
            throw new AflException("afl.models.remote.timeout must be positive, got " + timeout + ".");
        }
        if (retries < 0 || backoff.isNegative() || maxRetryAfter.isNegative()) {
            throw new AflException("afl.models.remote.retries, backoff and max-retry-after must not be negative.");
        }
        if (apiKeyHeader == null || apiKeyHeader.isBlank()) {
            throw new AflException("afl.models.remote.api-key-header must name a header, e.g. Authorization.");
        }
    }

    /** The endpoint as errors and manifests show it: without user info, query or fragment (they may hold secrets). */
    public String endpoint() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "")
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
