package dev.afl;


/** A refinement request that cannot be run as given; the message names the field and the fix. */
public class InvalidRequestException extends AflException {

    private final String field;

    public InvalidRequestException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
