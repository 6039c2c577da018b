package dev.afl.app;

import dev.afl.agent.llm.CallAbort;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.ClientResponseContext;
import jakarta.ws.rs.client.ClientResponseFilter;
import java.util.concurrent.TimeoutException;
import org.jboss.resteasy.reactive.client.impl.ClientRequestContextImpl;
import org.jboss.resteasy.reactive.client.impl.RestClientRequestContext;

/**
 * Tells an LLM call's {@link CallAbort} when its request is sent and when its whole answer has arrived (the call's
 * deadline spans them), and lets a call past its deadline reset its request. Registered on the OpenAI REST clients:
 * the request side runs on the calling thread as the request is sent; the response side once the answer, body
 * included, is in (the REST client reads it whole before the response filters). A reset HTTP/1.1 request closes
 * its connection; without it, an abandoned call to an endpoint that stalls mid-body, or trickles it, would keep its
 * connection (a place in the pool of {@code afl.llm.max-connections}) for as long as the endpoint keeps it open.
 */
final class LlmRequestAbort implements ClientRequestFilter, ClientResponseFilter {

    private static final String EXCHANGE = CallAbort.class.getName();
    /** How often, and how many times, to look again for a request not yet created (still connecting). */
    private static final long LOOK_AGAIN_MILLIS = 50;
    private static final int LOOKS = 100;

    @Override
    public void filter(ClientRequestContext context) {
        CallAbort exchange = CallAbort.current();
        if (exchange == null || !(context instanceof ClientRequestContextImpl client) || client.getContext() == null) {
            return;
        }
        context.setProperty(EXCHANGE, exchange);
        RestClientRequestContext request = client.getRestClientRequestContext();
        Context vertx = client.getContext();
        exchange.sending(() -> vertx.runOnContext(ignored -> reset(request, vertx.owner(), LOOKS)));
    }

    @Override
    public void filter(ClientRequestContext request, ClientResponseContext response) {
        if (request.getProperty(EXCHANGE) instanceof CallAbort exchange) {
            exchange.received();
        }
    }

    /**
     * Resets the request once it exists; until then (the connection is still being made) looks again a little
     * later, as long as the call is unanswered: the client's connect timeout ends a connection attempt anyway.
     */
    private static void reset(RestClientRequestContext request, Vertx vertx, int looksLeft) {
        HttpClientRequest sent = request.getHttpClientRequest();
        if (sent != null) {
            sent.reset(0, new TimeoutException("the LLM call ran past its deadline"));
        } else if (looksLeft > 0 && !request.getResult().isDone()) {
            vertx.setTimer(LOOK_AGAIN_MILLIS, id -> reset(request, vertx, looksLeft - 1));
        }
    }
}
