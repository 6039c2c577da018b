package dev.afl.model.remote;

import dev.afl.Backoff;
import dev.afl.Deadline;
import dev.afl.ProviderError;
import dev.afl.RetryAfter;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * POSTs JSON to the remote model's endpoint with the JDK HTTP client, each try bounded by the timeout as a whole
 * (connecting, sending, the headers and the whole body; a try past it is cancelled, which closes its connection).
 * HTTP 429 and 5xx, timeouts and connection errors are retried with exponential backoff and jitter, waiting at
 * least what {@code Retry-After} asks (up to the cap); any other answer that is not 2xx fails at once. An error
 * answer is shown as a {@link ProviderError} (status, error code, a short message without credentials), never as
 * its body.
 *
 * <p>The time a caller gives the attempt ({@link Deadline}, not a session's budget: the model's scores have no
 * fallback that could complete the round, so the budget stops the session between rounds instead) cuts a try in
 * flight and stops the retries, failing as {@link RemoteModelUnavailableException}, which the state machine retries.
 */
final class RemoteEndpoint {

    /** Longest answer read: one score per candidate needs a few kilobytes. */
    static final int MAX_ANSWER_BYTES = 1 << 20;

    private static final Logger LOG = Logger.getLogger(RemoteEndpoint.class);
    private static final int SNIPPET = 200;

    private final RemoteModelSettings settings;
    private final HttpClient client;

    RemoteEndpoint(RemoteModelSettings settings) {
        this.settings = settings;
        // Redirects are not followed: the API key must not travel to an address nobody configured.
        this.client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1).build();
    }

    String endpoint() {
        return settings.endpoint();
    }

    /** The 2xx answer's body. */
    String post(String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(settings.url()).timeout(settings.timeout())
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        settings.apiKey().ifPresent(key -> builder.header(settings.apiKeyHeader(),
                settings.apiKeyHeader().equalsIgnoreCase("Authorization") ? "Bearer " + key : key));
        HttpRequest request = builder.build();
        Backoff backoff = new Backoff(settings.backoff(), settings.maxRetryAfter());
        for (int tries = 1; ; tries++) {
            Optional<Deadline> deadline = Deadline.current().filter(d -> !d.budget());
            if (deadline.isPresent() && deadline.get().passed()) {
                throw outOfTime(deadline.get(), tries - 1, null);
            }
            Duration limit = deadline.map(d -> d.cap(settings.timeout())).orElse(settings.timeout());
            String problem;
            Throwable cause = null;
            Duration asked = Duration.ZERO;
            try {
                HttpResponse<String> response = exchange(request, limit);
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                if (status != 429 && status != 408 && status / 100 != 5) {
                    throw refused(status, response);
                }
                problem = error(response).toString();
                Optional<Duration> retryAfter = retryAfter(response);
                if (retryAfter.isPresent() && retryAfter.get().compareTo(settings.maxRetryAfter()) > 0) {
                    throw new RemoteModelUnavailableException("The remote recommendation model " + endpoint()
                            + " answered " + problem + " and asks to retry after " + retryAfter.get().toSeconds()
                            + " s, longer than afl.models.remote.max-retry-after (" + settings.maxRetryAfter().toSeconds()
                            + " s): try again later, or raise that cap.", null);
                }
                asked = retryAfter.orElse(Duration.ZERO);
            } catch (TimeoutException | HttpTimeoutException e) {
                if (limit.compareTo(settings.timeout()) < 0) {
                    throw outOfTime(deadline.get(), tries, e);
                }
                problem = "no answer within " + settings.timeout().toMillis() + " ms";
                cause = e;
            } catch (BoundedBody.TooLargeException e) {
                throw new RemoteModelException("The remote recommendation model " + endpoint() + " sent an answer"
                        + " longer than " + MAX_ANSWER_BYTES + " bytes: it must answer {\"scores\": [one number per"
                        + " candidate]}.", e);
            } catch (IOException e) {
                problem = "cannot connect or read (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
                cause = e;
            }
            if (tries > settings.retries()) {
                throw new RemoteModelUnavailableException("The remote recommendation model " + endpoint()
                        + " did not answer after " + tries + " tries; last: " + problem + ". Check that the endpoint"
                        + " is up and reachable from here, or raise afl.models.remote.timeout (now "
                        + settings.timeout().toMillis() + " ms) or afl.models.remote.retries (now " + settings.retries()
                        + ").", cause);
            }
            long wait = backoff.waitMillis(tries, asked);
            if (deadline.isPresent() && wait >= deadline.get().left().toMillis()) {
                throw outOfTime(deadline.get(), tries, cause);
            }
            LOG.debugf("Remote model %s: %s; retry %d of %d in %d ms", endpoint(), problem, tries,
                    settings.retries(), wait);
            sleep(wait);
        }
    }

    private RemoteModelUnavailableException outOfTime(Deadline deadline, int tries, Throwable cause) {
        return new RemoteModelUnavailableException("The remote recommendation model " + endpoint() + " had no"
                + " complete answer when " + deadline.what() + " ran out (" + tries + (tries == 1 ? " try" : " tries")
                + "); the step can be tried again.", cause);
    }

    /** One try, bounded as a whole (connect, send, headers and body) by {@code limit}. */
    private HttpResponse<String> exchange(HttpRequest request, Duration limit) throws IOException, TimeoutException {
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(request,
                BoundedBody.handler(MAX_ANSWER_BYTES));
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IllegalStateException("calling " + endpoint() + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + endpoint(), e);
        }
    }

    private RemoteModelException refused(int status, HttpResponse<String> response) {
        String what = "The remote recommendation model " + endpoint() + " answered " + error(response);
        String fix;
        if (status / 100 == 3) {
            fix = "it redirects to " + response.headers().firstValue("Location").orElse("another address")
                    + "; set afl.models.remote.url to the address that answers.";
        } else if (status == 401 || status == 403) {
            fix = "check the key (afl.models.remote.api-key, AFL_REMOTE_MODEL_API_KEY) and the header it goes in"
                    + " (afl.models.remote.api-key-header, now " + settings.apiKeyHeader() + ").";
        } else if (status == 404 || status == 405) {
            fix = "check the path of afl.models.remote.url: it must accept POST requests.";
        } else {
            fix = "it refused the request {dataset, history, candidates}; check that it speaks that contract (see"
                    + " the README, 'Recommendation models') and knows the dataset's item ids. Not retried.";
        }
        return new RemoteModelException(what + ": " + fix);
    }

    /** What may be shown of an error answer: never its body, which may echo the key. */
    private ProviderError error(HttpResponse<String> response) {
        return ProviderError.of(response.statusCode(), response.body(), settings.apiKey().stream().toList());
    }

    /** {@code Retry-After} as seconds or as an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return RetryAfter.parse(response.headers().firstValue(RetryAfter.HEADER).orElse(null));
    }

    /** The start of a 2xx body that breaks the contract, on one line, credentials removed, for error messages. */
    static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = ProviderError.redact(body.strip().replaceAll("\\s+", " "), java.util.List.of());
        return " (" + (line.length() > SNIPPET ? line.substring(0, SNIPPET) + "\u2026" : line) + ")";
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while backing off", e);
        }
    }
}
