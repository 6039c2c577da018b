package dev.afl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500ms, PT0.5S", "30s, PT30S", "5m, PT5M", "2h, PT2H", "1d, PT24H", "' 30S ', PT30S", "PT30S, PT30S",
        "pt2m, PT2M", "PT0.001S, PT0.001S", "0s, PT0S"})
    void readsTheShortFormAndIsoText(String text, String expected) {
        assertThat(DurationText.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}''")
    @ValueSource(strings = {"soon", "30", "30 s", "1.5s", "30sec", "-5s", "", "PT", "99999999999999999999h",
        "9999999999999999h"})
    void anythingElseIsRefusedWithTheAcceptedForms(String text) {
        assertThatThrownBy(() -> DurationText.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text.strip() + "' is not a duration: write " + DurationText.FORMS + ".");
    }
}
