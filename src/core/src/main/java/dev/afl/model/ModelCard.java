package dev.afl.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * The provenance and contract of one ONNX model, stored as {@code <model>.card.json} beside the ONNX file.
 *
 * @param itemIds   the dataset's stable item id for each model index (index i scores item itemIds[i])
 * @param padId     the index that pads histories (the item count, by the DROS convention)
 * @param padding   where the padding goes: "right" (oldest item first, padding after the last real item)
 * @param metrics   validation and test metrics as measured by the training script
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String name,
        String model,
        String dataset,
        String source,
        String onnxFile,
        String sha256,
        int opset,
        int itemCount,
        int padId,
        int maxHistory,
        String padding,
        List<String> itemIds,
        JsonNode splits,
        JsonNode hyperparameters,
        JsonNode selection,
        JsonNode metrics,
        Double trainingSeconds) {

    /**
     * "dataset/model", how users and results name a model: the model part is the ONNX file's stem, the name
     * under which it is bundled ({@code models/lastfm/sasrec.onnx} is {@code lastfm/sasrec}).
     */
    public String key() {
        return dataset + "/" + onnxFile.replaceFirst("\\.onnx$", "");
    }
}
