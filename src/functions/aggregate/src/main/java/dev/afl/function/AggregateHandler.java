package dev.afl.function;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.afl.app.AflConfig;
import dev.afl.evaluation.CostLedger;
import dev.afl.evaluation.EvaluationCase.TargetPosition;
import dev.afl.evaluation.fanout.FanOutMetrics;
import dev.afl.evaluation.recommendation.RecommendationExperiment;
import dev.afl.evaluation.recommendation.RecommendationFigures.Configuration;
import dev.afl.evaluation.recommendation.RecommendationMethod;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Function {@code aggregate}: the fan-out's last step. Reads the Distributed Map's results from S3, computes the
 * AFL configuration's figures with the local evaluation's code, writes {@code results/<runId>/metrics.json}.
 */
// One per container: the Lambda runtime asks for the handler bean at every event, which built a dependent one anew.
@Singleton
@Named("aggregate")
public class AggregateHandler implements RequestHandler<AggregateEvent, FanOutMetrics> {

    @Inject
    AflConfig config;

    private volatile MapRunResults results;

    @Override
    public FanOutMetrics handleRequest(AggregateEvent event, Context context) {
        if (event == null) {
            throw new InvalidEventException("The aggregate event is empty: send runId, dataset, maxRounds, bucket,"
                    + " casesKey and manifestKey.");
        }
        int maxRounds = event.maxRounds() != null ? event.maxRounds() : config.loop().maxRounds();
        Configuration configuration = new Configuration(event.dataset(), config.models().recommendation(),
                RecommendationMethod.AFL, RecommendationExperiment.position(TargetPosition.RANDOM),
                config.llmEnabled() ? "llm" : "offline", maxRounds);
        CostLedger.Prices prices = new CostLedger.Prices(
                event.priceInputPerMillion() != null ? event.priceInputPerMillion() : CostLedger.Prices.DEFAULT.inputPerMillion(),
                event.priceOutputPerMillion() != null ? event.priceOutputPerMillion()
                        : CostLedger.Prices.DEFAULT.outputPerMillion());
        return results().aggregate(event, configuration, config.offline().acceptTopK(), prices);
    }

    /** Created on first use: the region and credentials come from the Lambda environment. */
    private MapRunResults results() {
        if (results == null) {
            synchronized (this) {
                if (results == null) {
                    results = new MapRunResults(S3Client.builder().httpClient(UrlConnectionHttpClient.create()).build());
                }
            }
        }
        return results;
    }
}
