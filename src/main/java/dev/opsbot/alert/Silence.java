package dev.opsbot.alert;

import java.time.Instant;

/**
 * A silence or a maintenance window: while active (started, not yet at its end, not ended early)
 * the alerts it matches are evaluated and stored but not posted, and do not page.
 */
public record Silence(
    long id,
    Kind kind,
    SilenceMatchers matchers,
    Instant startsAt,
    Instant endsAt,
    String createdBy,
    String reason,
    Instant endedAt,
    String endedBy) {

  public enum Kind {
    SILENCE,
    MAINTENANCE;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Kind of(String id) {
      return valueOf(id.toUpperCase(java.util.Locale.ROOT));
    }

    /** How a person calls it: "silence", "maintenance window". */
    String noun() {
      return this == SILENCE ? "silence" : "maintenance window";
    }
  }

  /** When it stops (or stopped) suppressing: its end, or when it was ended by hand. */
  public Instant effectiveEnd() {
    return endedAt != null && endedAt.isBefore(endsAt) ? endedAt : endsAt;
  }

  public boolean activeAt(Instant at) {
    return !startsAt.isAfter(at) && effectiveEnd().isAfter(at);
  }
}
