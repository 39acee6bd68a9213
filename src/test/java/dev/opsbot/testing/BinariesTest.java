package dev.opsbot.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class BinariesTest {
  @Test
  void aMissingProgramSkipsWithOneLineOrFailsWhereItIsRequired() {
    Throwable thrown = catchThrowable(() -> Binaries.require("no-such-package", "no-such-binary"));

    String line =
        "no-such-binary not found on the PATH: install Debian's no-such-package (apt-get install"
            + " -y no-such-package) to run this test";
    if ("1".equals(System.getenv(Binaries.REQUIRE))) {
      assertThat(thrown)
          .isInstanceOf(AssertionFailedError.class)
          .hasMessage(line + " (OPSBOT_REQUIRE_BINARIES=1, so it may not be skipped)");
    } else {
      assertThat(thrown).isInstanceOf(TestAbortedException.class);
      assertThat(thrown.getMessage()).endsWith("Skipped: " + line).doesNotContain("\n");
    }
  }

  @Test
  void aProgramOnThePathIsFound() {
    assertThat(Binaries.find("no-such-binary", "sh")).isPresent();
  }
}
