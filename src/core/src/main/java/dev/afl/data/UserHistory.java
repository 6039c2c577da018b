package dev.afl.data;

import java.util.List;

/**
 * A user of the user-simulation experiment: {@code recent} items in time order, and {@code all} the items the user
 * ever interacted with (stable ids).
 */
public record UserHistory(String id, List<String> recent, List<String> all) {

    public UserHistory {
        recent = List.copyOf(recent);
        all = List.copyOf(all);
    }
}
