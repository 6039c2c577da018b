package dev.afl.api;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.afl.json.StrictJson;
import jakarta.validation.Path;

/**
 * Names a field the way the client wrote it ({@code candidates[3].id}), from a Bean Validation path (which starts
 * with the resource method and its parameter: a violation of the parameter itself is named by the parameter) or from
 * Jackson's path through the JSON being read.
 */
final class FieldPaths {

    /** The field name given when the whole body is at fault. */
    static final String BODY = "body";
    /** What is wrong when there is no body at all (or JSON null). */
    static final String BODY_MISSING = "send the request as a JSON object";

    private FieldPaths() {
    }

    static String of(Path path) {
        StringBuilder field = new StringBuilder();
        String parameter = BODY;
        for (Path.Node node : path) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> {
                }
                case PARAMETER -> parameter = node.getName();
                default -> {
                    if (node.isInIterable() && node.getIndex() != null) {
                        field.append('[').append(node.getIndex()).append(']');
                    }
                    if (node.getKind() != jakarta.validation.ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                        field.append(field.isEmpty() ? "" : ".").append(node.getName());
                    }
                }
            }
        }
        return field.isEmpty() ? parameter : field.toString();
    }

    static String of(JsonMappingException e) {
        String field = StrictJson.path(e);
        return field.isEmpty() ? BODY : field;
    }
}
