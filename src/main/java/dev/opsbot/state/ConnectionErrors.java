package dev.opsbot.state;

import dev.opsbot.config.SecretRedactor;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLTimeoutException;

/** Why a database could not be reached, in a few words, never with the URL or credentials. */
public final class ConnectionErrors {
  private ConnectionErrors() {}

  public static String describe(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConnectException) {
        return "connection refused";
      }
      if (cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof SQLTimeoutException) {
        return "timed out";
      }
    }
    Throwable root = error;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String message =
        root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    if (message.contains("Connection is not available")) {
      return "no connection within the timeout (database unreachable or pool exhausted)";
    }
    return SecretRedactor.redact(message.lines().findFirst().orElse(message));
  }
}
