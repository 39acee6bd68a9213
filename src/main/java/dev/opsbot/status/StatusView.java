package dev.opsbot.status;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything one rendering of the page shows, already cut down to what the public may see: the HTML
 * and the JSON are both made from this, so they cannot disagree.
 *
 * @param historyNote why the uptime bars are missing, or null when they are there
 */
public record StatusView(
    String title,
    Instant generatedAt,
    int refreshSeconds,
    Overall overall,
    List<Service> services,
    List<Incident> incidents,
    List<MaintenanceWindow> maintenance,
    List<HeartbeatNow> heartbeats,
    String historyNote) {

  /** The one line at the top; a late heartbeat alone makes it {@link Overall#DEGRADED}. */
  public enum Overall {
    OPERATIONAL("All systems operational"),
    INCIDENT("An incident is being handled"),
    DEGRADED("Some systems are degraded"),
    PARTIAL_OUTAGE("Partial outage"),
    MAJOR_OUTAGE("Major outage"),
    UNKNOWN("Waiting for the first checks");

    private final String label;

    Overall(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /**
   * @param since when the current status began, null when that is older than opsbot's memory
   * @param checkedAt the newest probe result, null before the first
   * @param detail the probe's reason, only with {@code showDetails}
   * @param uptime the share of answered probes over the days shown, null without history
   */
  public record Service(
      String id,
      String name,
      Health health,
      Instant since,
      Instant checkedAt,
      String detail,
      Double uptime,
      List<Day> days) {}

  /**
   * @param availability answered / samples, null on a day without samples
   */
  public record Day(LocalDate date, long samples, Double availability) {}

  /**
   * @param update the latest update in words
   */
  public record Incident(
      long id,
      String severity,
      String service,
      String summary,
      OpenIncident.State state,
      Instant since,
      Instant updatedAt,
      String update) {}
}
