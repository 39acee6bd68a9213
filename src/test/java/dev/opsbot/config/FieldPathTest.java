package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldPathTest {
  @ParameterizedTest
  @CsvSource({
    ".status, /status",
    ".aurea.running, /aurea/running",
    ".next_jobs[0].name, /next_jobs/0/name",
    ".matrix[1][2], /matrix/1/2",
    ".build-info.sha, /build-info/sha",
  })
  void jqStylePathBecomesAJsonPointer(String text, String pointer) {
    FieldPath path = FieldPath.of(text);

    assertThat(path.pointer().toString()).isEqualTo(pointer);
    assertThat(path).hasToString(text);
  }

  @Test
  void lonePeriodMeansTheWholeDocument() {
    assertThat(FieldPath.of(".").pointer().matches()).isTrue();
  }

  @Test
  void pointerReadsTheFieldItNames() throws Exception {
    JsonNode json =
        new ObjectMapper()
            .readTree("{\"next_jobs\":[{\"name\":\"digest\"},{\"name\":\"backup\"}]}");

    assertThat(json.at(FieldPath.of(".next_jobs[1].name").pointer()).asText()).isEqualTo("backup");
  }

  @ParameterizedTest
  @ValueSource(strings = {"status", "", "..status", ".aurea.", ".jobs[x]", ".jobs[0", "$.status"})
  void malformedPathIsRejectedWithExamples(String text) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FieldPath.of(text))
        .withMessage(
            "'"
                + text
                + "' is not a field path: write it like .status, .aurea.running or"
                + " .jobs[0].name");
  }

  @Test
  void missingPathIsRejected() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> FieldPath.of(null))
        .withMessageContaining("is not a field path");
  }
}
