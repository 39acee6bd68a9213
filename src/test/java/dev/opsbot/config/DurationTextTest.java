package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "5s, PT5S", "2m, PT2M", "1h, PT1H", "1d, PT24H", "' 30 s ', PT30S"})
  void operatorFormsParse(String text, Duration expected) {
    assertThat(DurationText.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "5", "1.5s", "-5s", "5sec", "5 seconds", ""})
  void otherFormsAreRejectedWithTheOnesThatWork(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse(text))
        .withMessage("'" + text + "' is not a duration: write it as 500ms, 5s, 2m, 1h or 1d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"99999999999999999999s", "999999999999999d"})
  void durationTooLongForJavaIsRejectedNotOverflowed(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> DurationText.parse(text))
        .withMessage("'" + text + "' is too long a duration");
  }

  @ParameterizedTest
  @CsvSource({"PT1.5S, 1500ms", "PT2M, 2m", "PT1H, 1h", "PT90S, 90s", "PT0S, 0s", "PT24H, 24h"})
  void formatPicksTheShortestExactForm(Duration duration, String expected) {
    assertThat(DurationText.format(duration)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0.25S", "PT45S", "PT2M", "PT1H30M", "PT72H"})
  void formattedDurationParsesBackToItself(Duration duration) {
    assertThat(DurationText.parse(DurationText.format(duration))).isEqualTo(duration);
  }
}
