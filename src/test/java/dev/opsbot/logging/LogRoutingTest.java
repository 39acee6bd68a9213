package dev.opsbot.logging;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * Libraries that log through java.util.logging (pgjdbc, OkHttp) or the JDK's System.Logger reach
 * the same redacting layout as opsbot's own lines.
 */
class LogRoutingTest {
  @Test
  void javaUtilLoggingAndSystemLoggerLinesAreRedactedLikeOurOwn() {
    Secret secret = Secret.of("jul-secret-5e7d9c41");
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      LogRouting.install();

      java.util.logging.Logger.getLogger("org.postgresql.Driver")
          .log(Level.SEVERE, "connection failed for password " + secret.reveal());
      System.getLogger("jdk.internal.httpclient.debug")
          .log(System.Logger.Level.ERROR, "request header X-API-Key: " + secret.reveal());
      java.util.logging.Logger.getLogger("okhttp3.OkHttpClient")
          .log(Level.WARNING, "failed", new IllegalStateException("key " + secret.reveal()));
    } finally {
      System.setErr(original);
    }

    String log = captured.toString(StandardCharsets.UTF_8);
    assertThat(log)
        .contains("logger=Driver connection failed for password ******")
        .contains("request header X-API-Key: ******")
        .contains("IllegalStateException: key ******")
        .doesNotContain(secret.reveal());
  }
}
