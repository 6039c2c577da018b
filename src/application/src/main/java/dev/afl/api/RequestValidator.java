package dev.afl.api;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Checks a request (its body, or the record of its path and query parameters) against its Bean Validation
 * constraints, reporting every violation by the field's path. The validator is built when the first request needs
 * it, not at start-up (nor in a static initialiser, which the Lambda extension's class preloading would run at every
 * start): the CLI commands and the functions never pay for it.
 */
@ApplicationScoped
public class RequestValidator {

    private ValidatorFactory factory;
    private Validator validator;

    @PostConstruct
    void build() {
        // The messages need {min}/{max} parameters only, so no expression language.
        factory = Validation.byProvider(HibernateValidator.class).configure()
                .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory();
        validator = factory.getValidator();
    }

    @PreDestroy
    void close() {
        factory.close();
    }

    /** Returns the request when it is valid; otherwise throws with every field at fault. */
    public <T> T valid(T request) {
        if (request == null) {
            throw new InvalidFieldsException(List.of(new Problem.FieldError(FieldPaths.BODY,
                    "send the request as a JSON object")));
        }
        List<Problem.FieldError> errors = validator.validate(request).stream()
                .map(v -> new Problem.FieldError(FieldPaths.of(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message))
                .toList();
        if (!errors.isEmpty()) {
            throw new InvalidFieldsException(errors);
        }
        return request;
    }
}
