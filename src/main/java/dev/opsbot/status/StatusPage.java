package dev.opsbot.status;

import dev.opsbot.config.StatusPageSettings;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers the page's facts into a {@link StatusView}, leaving out what the public may not see
 * unless {@code showDetails} is set. The daily history is read at most once a minute, so a page
 * left open on many screens does not load the state database.
 */
public final class StatusPage {
  static final int DAYS = 90;
  static final int REFRESH_SECONDS = 60;
  private static final Duration HISTORY_KEPT = Duration.ofMinutes(1);
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);
  private static final Logger log = LoggerFactory.getLogger(StatusPage.class);

  private final StatusPageSettings settings;
  private final StatusSources sources;
  private final Clock clock;
  private Map<String, List<DayUptime>> history;
  private LocalDate historyDay;
  private Instant historyReadAt = Instant.MIN;

  public StatusPage(StatusPageSettings settings, StatusSources sources, Clock clock) {
    this.settings = settings;
    this.sources = sources;
    this.clock = clock;
  }

  public StatusView view() {
    Instant now = clock.instant();
    LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
    boolean details = settings.showDetails();
    String historyNote = null;
    Map<String, List<DayUptime>> daily;
    try {
      daily = history(now, today);
    } catch (StateUnavailableException e) {
      log.warn("event=status_history_unavailable problem=\"{}\"", e.getMessage());
      daily = Map.of();
      historyNote = "Uptime history is not available right now.";
    }
    List<StatusView.Service> services = new ArrayList<>();
    Map<String, String> names = new HashMap<>();
    for (ServiceNow service : sources.services().now()) {
      names.put(service.id(), service.name());
      services.add(service(service, daily.getOrDefault(service.id(), List.of()), today, details));
    }
    List<StatusView.Incident> incidents = new ArrayList<>();
    for (OpenIncident incident : sources.incidents().open()) {
      incidents.add(incident(incident, names, details));
    }
    List<HeartbeatNow> heartbeats = List.copyOf(sources.heartbeats().now());
    StatusView.Overall overall = overall(services, incidents);
    boolean late = heartbeats.stream().anyMatch(h -> h.health() == Health.DOWN);
    if (late
        && (overall == StatusView.Overall.OPERATIONAL || overall == StatusView.Overall.UNKNOWN)) {
      overall = StatusView.Overall.DEGRADED;
    }
    return new StatusView(
        settings.title(),
        now,
        REFRESH_SECONDS,
        overall,
        List.copyOf(services),
        List.copyOf(incidents),
        List.copyOf(sources.maintenance().windows()),
        heartbeats,
        historyNote);
  }

  private synchronized Map<String, List<DayUptime>> history(Instant now, LocalDate today) {
    if (history == null
        || !today.equals(historyDay)
        || !now.isBefore(historyReadAt.plus(HISTORY_KEPT))) {
      history = sources.uptime().daily(today.minusDays(DAYS - 1), today);
      historyDay = today;
      historyReadAt = now;
    }
    return history;
  }

  private static StatusView.Service service(
      ServiceNow now, List<DayUptime> recorded, LocalDate today, boolean details) {
    Map<LocalDate, DayUptime> byDay = new HashMap<>();
    recorded.forEach(d -> byDay.put(d.day(), d));
    List<StatusView.Day> days = new ArrayList<>(DAYS);
    long samples = 0;
    long answered = 0;
    for (int i = DAYS - 1; i >= 0; i--) {
      LocalDate date = today.minusDays(i);
      DayUptime day = byDay.get(date);
      long daySamples = day == null ? 0 : day.samples();
      long dayAnswered = day == null ? 0 : day.answered();
      samples += daySamples;
      answered += dayAnswered;
      days.add(new StatusView.Day(date, daySamples, ratio(dayAnswered, daySamples)));
    }
    return new StatusView.Service(
        now.id(),
        now.name(),
        now.health(),
        now.since(),
        now.checkedAt(),
        details ? now.reason() : null,
        ratio(answered, samples),
        List.copyOf(days));
  }

  private static StatusView.Incident incident(
      OpenIncident incident, Map<String, String> names, boolean details) {
    String summary =
        details ? incident.summary() : PublicText.summary(incident.summary(), incident.reason());
    String update =
        switch (incident.state()) {
          case INVESTIGATING -> "Investigating: the on-call team has been alerted.";
          case ACKNOWLEDGED -> "Acknowledged: the on-call team is working on it.";
          case SNOOZED ->
              incident.snoozedUntil() == null
                  ? "Being handled: checked again later."
                  : "Being handled: checked again at " + TIME.format(incident.snoozedUntil()) + ".";
        };
    return new StatusView.Incident(
        incident.id(),
        incident.severity(),
        names.getOrDefault(incident.service(), incident.service()),
        summary,
        incident.state(),
        incident.since(),
        incident.updatedAt(),
        update);
  }

  private static StatusView.Overall overall(
      List<StatusView.Service> services, List<StatusView.Incident> incidents) {
    long down = services.stream().filter(s -> s.health() == Health.DOWN).count();
    long known = services.stream().filter(s -> s.health() != Health.UNKNOWN).count();
    if (down > 0) {
      return down == known ? StatusView.Overall.MAJOR_OUTAGE : StatusView.Overall.PARTIAL_OUTAGE;
    }
    if (services.stream().anyMatch(s -> s.health() == Health.DEGRADED)) {
      return StatusView.Overall.DEGRADED;
    }
    if (!incidents.isEmpty()) {
      return StatusView.Overall.INCIDENT;
    }
    return known == 0 && !services.isEmpty()
        ? StatusView.Overall.UNKNOWN
        : StatusView.Overall.OPERATIONAL;
  }

  private static Double ratio(long part, long whole) {
    return whole == 0 ? null : (double) part / whole;
  }
}
