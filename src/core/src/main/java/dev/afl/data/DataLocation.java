package dev.afl.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the datasets are read from, and where downloads and derived files are cached.
 *
 * @param dataDir  the folder holding {@code reference-splits/}, {@code ml-100k/}, {@code hetrec2011-lastfm-2k/};
 *                 read only, nothing is ever written beside the data
 * @param cacheDir a writable folder for downloaded raw datasets and converted models
 */
public record DataLocation(Path dataDir, Path cacheDir) {

    public static final String DATA_DIR_VARIABLE = "AFL_DATA_DIR";
    public static final String CACHE_DIR_VARIABLE = "AFL_CACHE_DIR";
    public static final String DATA_DIR_FLAG = "--data-dir";

    /**
     * Resolves the data path from the flag, else from {@value #DATA_DIR_VARIABLE}; the cache from
     * {@value #CACHE_DIR_VARIABLE}, else {@code ~/.cache/afl}. The data path may be absent (then only
     * downloadable raw datasets can be used); a data path that is given but does not exist is an error.
     */
    public static DataLocation resolve(Optional<Path> dataDirFlag, Map<String, String> environment) {
        Optional<Path> dataDir = dataDirFlag.or(() -> Optional.ofNullable(environment.get(DATA_DIR_VARIABLE))
                .filter(value -> !value.isBlank()).map(Path::of));
        dataDir.ifPresent(DataLocation::requireDirectory);
        Path cache = Optional.ofNullable(environment.get(CACHE_DIR_VARIABLE)).filter(value -> !value.isBlank())
                .map(Path::of)
                .orElseGet(() -> Path.of(System.getProperty("user.home"), ".cache", "afl"));
        return new DataLocation(dataDir.orElse(null), cache);
    }

    public Optional<Path> dataDirIfSet() {
        return Optional.ofNullable(dataDir);
    }

    /** The data path, or a {@link MissingDataException} that names the variable and the flag. */
    public Path requireDataDir(String neededFor) {
        if (dataDir == null) {
            throw new MissingDataException("No data path is set, and " + neededFor + " needs one. Set "
                    + DATA_DIR_VARIABLE + "=/path/to/data or pass " + DATA_DIR_FLAG
                    + " /path/to/data: the folder that holds reference-splits/ (and ml-100k/, hetrec2011-lastfm-2k/).");
        }
        return dataDir;
    }

    private static void requireDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new MissingDataException("The data path " + dir.toAbsolutePath() + " (from " + DATA_DIR_FLAG
                    + " or " + DATA_DIR_VARIABLE + ") is not a folder. Point it at the folder that holds "
                    + "reference-splits/, ml-100k/ and hetrec2011-lastfm-2k/.");
        }
    }
}
