package dev.afl.data;

/** The parts of a dataset, named as in the reference splits' file names. */
public enum Split {
    TRAIN("train"), VALID("valid"), TEST("test");

    private final String fileStem;

    Split(String fileStem) {
        this.fileStem = fileStem;
    }

    public String fileStem() {
        return fileStem;
    }

    /** The evaluation split a user names: {@code valid} or {@code test}. */
    public static Split evaluation(String name) {
        return switch (name) {
            case "valid" -> VALID;
            case "test" -> TEST;
            default -> throw new dev.afl.AflException("--split must be valid or test, got '" + name + "'.");
        };
    }
}
