package dev.afl.app;

import dev.afl.memory.MemoryStore;
import dev.afl.memory.dynamodb.DynamoDbMemoryStore;
import dev.afl.model.onnx.ModelRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The process-wide resources: models loaded once per container, and the session store of the functions. */
@ApplicationScoped
public class Infrastructure {

    @Produces
    @Singleton
    ModelRegistry models() {
        return new ModelRegistry();
    }

    void close(@Disposes ModelRegistry models) {
        models.close();
    }

    @Produces
    @Singleton
    MemoryStore sessions(DynamoDbClient dynamo, AflConfig config) {
        return new DynamoDbMemoryStore(dynamo, config.store().table(), config.store().retention());
    }
}
