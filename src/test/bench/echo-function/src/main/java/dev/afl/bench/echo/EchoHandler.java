package dev.afl.bench.echo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import jakarta.inject.Named;
import java.util.Map;

/**
 * The bare function of the cold-start benchmark: returns its event. What it costs to start is what Quarkus and
 * its Lambda extension cost by themselves, the baseline each AFL function's cold start is divided by.
 */
@Named("echo")
public class EchoHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        return event;
    }
}
