package dev.afl.api;

import dev.afl.AflException;
import java.util.List;
import java.util.stream.Collectors;

/** A request whose fields are well formed but name something this server cannot serve (a dataset, an item). */
public class InvalidFieldsException extends AflException {

    private final List<Problem.FieldError> errors;

    public InvalidFieldsException(List<Problem.FieldError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
