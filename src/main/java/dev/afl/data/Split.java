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
}
