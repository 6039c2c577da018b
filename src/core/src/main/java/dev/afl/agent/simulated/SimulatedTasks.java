package dev.afl.agent.simulated;

import dev.afl.agent.ItemLabels;
import dev.afl.catalog.Item;
import java.util.List;

/** What both simulated users read from a task the same way. */
final class SimulatedTasks {

    private SimulatedTasks() {
    }

    /** The task's dataset, which a simulated user needs to find its calibration and model. */
    static String dataset(String dataset, String user) {
        if (dataset == null || dataset.isBlank()) {
            // Every task the loop and the experiments build names its dataset; one that does not is a wiring bug.
            throw new IllegalStateException("The " + user + " user needs to know which dataset's user it simulates,"
                    + " but the task names no dataset.");
        }
        return dataset;
    }

    static List<String> ids(List<Item> items) {
        return items.stream().map(Item::id).toList();
    }

    /** An item's label in quotes, as the offline recommendation agent finds it in a reason. */
    static String quoted(Item item) {
        return "\"" + ItemLabels.of(item) + "\"";
    }
}
