package dev.afl.data;

import java.net.URI;
import java.util.Map;

/**
 * The raw public datasets that can be downloaded from their canonical addresses, with the sha256 of each
 * file we read (so a corrupted or altered copy is refused, whether downloaded or found on disk).
 */
public enum RawArchive {

    MOVIELENS_100K("MovieLens-100K", URI.create("https://files.grouplens.org/datasets/movielens/ml-100k.zip"),
            MovieLensImporter.FOLDER, Map.of(
                    "u.data", "06416e597f82b7342361e41163890c81036900f418ad91315590814211dca490",
                    "u.item", "553841ebc7de3a0fd0d6b62a204ea30c1e651aacfb2814c7a6584ac52f2c5701")),

    HETREC_LASTFM("HetRec 2011 Last.fm 2K",
            URI.create("https://files.grouplens.org/datasets/hetrec2011/hetrec2011-lastfm-2k.zip"),
            LastFmImporter.FOLDER, Map.of(
                    "artists.dat", "c173881362c6b28551368fecb3c0be5a6a30a6cd859e1f5775413dfe46d48648",
                    "user_artists.dat", "001400dc3c7d2667fca6e4ea6dc6acc31a9dd28ad5cd0f74cea988c019934d3b",
                    "user_taggedartists.dat", "d31fe938fcfeed6f0059f37a36b156f63674d073fc2553e5cc9dc1595e365bc7"));

    private final String title;
    private final URI address;
    private final String folder;
    private final Map<String, String> sha256ByFile;

    RawArchive(String title, URI address, String folder, Map<String, String> sha256ByFile) {
        this.title = title;
        this.address = address;
        this.folder = folder;
        this.sha256ByFile = sha256ByFile;
    }

    public String title() {
        return title;
    }

    public URI address() {
        return address;
    }

    /** The folder name the files live in, under the data path or the cache. */
    public String folder() {
        return folder;
    }

    public Map<String, String> sha256ByFile() {
        return sha256ByFile;
    }
}
