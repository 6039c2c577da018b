package dev.afl.data;

import java.util.List;

/**
 * Turns item titles into fixed-length vectors (the frozen text features of the MoRec model). The ONNX adapter's
 * {@code TitleEncoder} implements it; the training-data export reads it through this interface.
 */
public interface TextEncoder {

    /** The encoder's name, recorded in the features' header. */
    String name();

    /** The artifact and version the encoder came from, recorded beside the features for provenance. */
    String artifact();

    /** The length of every vector. */
    int dimension();

    /** One vector per title, in the order given. */
    float[][] encode(List<String> titles);
}
