package dev.afl.app;

import dev.afl.AflException;
import dev.afl.prompt.PromptSet;
import org.eclipse.microprofile.config.spi.Converter;

/** Reads {@code afl.prompt-set} by the sets' own names ({@code reference-code}), refusing others with the choices. */
public final class PromptSetConverter implements Converter<PromptSet> {

    @Override
    public PromptSet convert(String value) {
        try {
            return PromptSet.byId(value);
        } catch (AflException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
