package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretRedactorTest {
  @Test
  void everyOccurrenceOfAKnownSecretIsMasked() {
    Secret.of("redactor-token-1d7e");

    assertThat(SecretRedactor.redact("sent redactor-token-1d7e, got 401 for redactor-token-1d7e"))
        .isEqualTo("sent ******, got 401 for ******");
  }

  @Test
  void textWithoutSecretsIsLeftAlone() {
    Secret.of("redactor-token-8a21");

    assertThat(SecretRedactor.redact("GET /health 200 in 35 ms"))
        .isEqualTo("GET /health 200 in 35 ms");
  }

  @Test
  void veryShortSecretDoesNotMaskOrdinaryWords() {
    Secret.of("ok");

    assertThat(SecretRedactor.redact("status ok")).isEqualTo("status ok");
  }

  @Test
  void secretDoesNotPrintItself() {
    Secret secret = Secret.of("redactor-token-c04f");

    assertThat(secret.toString()).isEqualTo("******");
    assertThat("header=" + secret).doesNotContain("redactor-token-c04f");
    assertThat(secret.reveal()).isEqualTo("redactor-token-c04f");
  }

  @Test
  void missingTextStaysMissing() {
    assertThat(SecretRedactor.redact(null)).isNull();
  }
}
