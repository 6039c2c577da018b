package dev.afl.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.afl.session.ItemView;
import dev.afl.session.ProblemDetails;
import dev.afl.session.RoundView;
import dev.afl.session.SessionView;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The API documents the core's answer records with records of its own (the core may not carry MicroProfile
 * OpenAPI annotations): each documented record has the core record's components, by name and in order, with the
 * documented counterpart of each nested answer type, so /q/openapi cannot drift from what is answered.
 */
class ViewSchemasTest {

    /** Each core type and the API type that documents it. */
    static final Map<Class<?>, Class<?>> DOCUMENTED = Map.of(SessionView.class, SessionSchema.class,
            SessionView.Links.class, SessionSchema.Links.class, RoundView.class, RoundSchema.class,
            ItemView.class, ApiItem.class, ProblemDetails.class, Problem.class,
            ProblemDetails.FieldProblem.class, Problem.FieldError.class);

    @Test
    void eachDocumentedRecordHasTheComponentsOfTheRecordItDocuments() {
        for (Map.Entry<Class<?>, Class<?>> pair : DOCUMENTED.entrySet()) {
            assertThat(describe(pair.getValue())).as("%s documents %s", pair.getValue().getSimpleName(),
                    pair.getKey().getName()).isEqualTo(describe(pair.getKey()));
        }
    }

    /** Each component as name and type, a nested answer type named by the core type it documents. */
    private static List<String> describe(Class<?> record) {
        return Arrays.stream(record.getRecordComponents()).map(ViewSchemasTest::describe).toList();
    }

    private static String describe(RecordComponent component) {
        return component.getName() + ": " + describe(component.getGenericType());
    }

    private static String describe(Type type) {
        if (type instanceof ParameterizedType generic) {
            return describe(generic.getRawType()) + Arrays.stream(generic.getActualTypeArguments())
                    .map(ViewSchemasTest::describe).toList();
        }
        Class<?> plain = (Class<?>) type;
        return DOCUMENTED.entrySet().stream().filter(pair -> pair.getValue().equals(plain)).map(Map.Entry::getKey)
                .findFirst().orElse(plain).getName();
    }
}
