package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

/**
 * opsbot's own database (audit log, alerts, outbox). Without a {@code url}, an embedded PostgreSQL
 * keeps its data in {@code dataDirectory}.
 */
public record StateSettings(String url, String user, Secret password, String dataDirectory) {
  public static final StateSettings EMBEDDED = new StateSettings(null, null, null, null);

  public StateSettings {
    dataDirectory = requireNonNullElse(dataDirectory, "data/postgres");
    if (url != null && url.isBlank()) {
      url = null;
    }
  }

  public boolean embedded() {
    return url == null;
  }
}
