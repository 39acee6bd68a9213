package dev.opsbot.alert;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One parent message and its thread: the alerts it lists (one, or several of one rule that fired
 * close together) and where each stands. Its id is the id of the alert that opened it.
 */
public record AlertThread(long id, String channel, List<Entry> entries) {
  public AlertThread {
    Objects.requireNonNull(channel);
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a thread lists at least one alert");
    }
  }

  /** The thread of a single alert. */
  public static AlertThread of(Incident incident, Standing standing) {
    return new AlertThread(
        incident.id(), incident.channel(), List.of(new Entry(incident, standing)));
  }

  /** One alert of the thread and where it stands. */
  public record Entry(Incident incident, Standing standing) {}

  /**
   * Where one alert of a thread stands, as its parent shows it, with who and when; names are
   * display names. Its {@link #status()} says what may happen next.
   */
  public sealed interface Standing {
    StoredAlertState status();

    record Firing() implements Standing {
      @Override
      public StoredAlertState status() {
        return StoredAlertState.FIRING;
      }
    }

    record Acknowledged(String by, Instant at) implements Standing {
      @Override
      public StoredAlertState status() {
        return StoredAlertState.ACKNOWLEDGED;
      }
    }

    record Snoozed(String by, Instant until) implements Standing {
      @Override
      public StoredAlertState status() {
        return StoredAlertState.SNOOZED;
      }
    }

    /** {@code by} is null when the condition cleared by itself. */
    record Resolved(String by, Instant at) implements Standing {
      @Override
      public StoredAlertState status() {
        return StoredAlertState.RESOLVED;
      }
    }
  }

  public Incident lead() {
    return entries.getFirst().incident();
  }

  public boolean allResolved() {
    return entries.stream().allMatch(e -> e.standing() instanceof Standing.Resolved);
  }

  /** The same thread with one alert's entry replaced (matched by alert id) or added. */
  public AlertThread with(Incident incident, Standing standing) {
    List<Entry> updated = new java.util.ArrayList<>(entries);
    for (int i = 0; i < updated.size(); i++) {
      if (updated.get(i).incident().id() == incident.id()) {
        updated.set(i, new Entry(incident, standing));
        return new AlertThread(id, channel, updated);
      }
    }
    updated.add(new Entry(incident, standing));
    return new AlertThread(id, channel, updated);
  }
}
