package dev.afl.cli;

import dev.afl.data.DataLocation;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The data path options every data-reading command shares. */
public class DataOptions {

    @Option(names = DataLocation.DATA_DIR_FLAG, paramLabel = "DIR",
            description = "Folder holding reference-splits/, ml-100k/, hetrec2011-lastfm-2k/ "
                    + "(default: the " + DataLocation.DATA_DIR_VARIABLE + " variable).")
    Path dataDir;

    public DataLocation location() {
        return DataLocation.resolve(Optional.ofNullable(dataDir), System.getenv());
    }
}
