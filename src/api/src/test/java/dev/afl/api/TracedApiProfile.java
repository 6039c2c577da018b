package dev.afl.api;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The API (offline agents) with an OTLP endpoint configured: the stand-in collector of {@link OtlpCollectorResource}. */
public class TracedApiProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return new ApiProfile().getConfigOverrides();
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(OtlpCollectorResource.class));
    }
}
