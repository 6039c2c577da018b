package dev.afl.api;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Checks {@link DistinctIds}: every repeat is a violation at its index, naming where the item first appeared. */
public class DistinctIdsValidator implements ConstraintValidator<DistinctIds, List<ApiItem>> {

    @Override
    public boolean isValid(List<ApiItem> items, ConstraintValidatorContext context) {
        if (items == null) {
            return true;
        }
        Map<String, Integer> firstSeen = new HashMap<>();
        boolean valid = true;
        for (int i = 0; i < items.size(); i++) {
            ApiItem item = items.get(i);
            if (item == null || item.id() == null) {
                continue;
            }
            Integer first = firstSeen.putIfAbsent(item.id(), i);
            if (first != null) {
                if (valid) {
                    context.disableDefaultConstraintViolation();
                }
                valid = false;
                context.buildConstraintViolationWithTemplate("item '" + escape(item.id()) + "' is already listed at"
                        + " index " + first + "; each item may appear once")
                        .addPropertyNode("id").inIterable().atIndex(i).addConstraintViolation();
            }
        }
        return valid;
    }

    /** Ids go into a message template: braces and dollars would be read as expressions. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}").replace("$", "\\$");
    }
}
