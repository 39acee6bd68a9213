package dev.opsbot.alert;

import dev.opsbot.alert.TimelineQueries.CommandRun;
import dev.opsbot.alert.TimelineQueries.Joined;
import dev.opsbot.alert.TimelineQueries.PageSent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An incident's timeline as Markdown, ready for a post-mortem: what it was, the figures (time to
 * acknowledge, time to resolve), then every event in order: detection, state changes with who,
 * pages, alerts that joined its thread, commands run about its service.
 */
final class IncidentTimeline {
  /** Everything the timeline is made of, as read from the state database. */
  record Facts(
      StoredAlert alert,
      List<AlertTransition> transitions,
      List<PageSent> pages,
      List<Joined> joined,
      List<CommandRun> commands) {}

  private record Event(Instant at, int order, String what, String by) {}

  private static final Pattern ISO_DURATION = Pattern.compile("\\bPT[0-9HMS.]+\\b");

  private static final String RAISED_BY = "paged by ";

  private final ZoneId zone;
  private final DateTimeFormatter time;

  IncidentTimeline(ZoneId zone) {
    this.zone = zone;
    this.time = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(zone);
  }

  String markdown(Facts facts, Instant now) {
    StoredAlert alert = facts.alert();
    StringBuilder md = new StringBuilder();
    md.append("# Incident ").append(alert.id()).append(": ").append(cell(alert.summary()));
    md.append("\n\n");
    line(md, "Service", alert.service());
    line(md, "Rule", alert.ruleId() + " (" + alert.severity().id() + ")");
    line(
        md,
        "Status",
        alert.state().name().toLowerCase(java.util.Locale.ROOT)
            + (alert.state() == StoredAlertState.RESOLVED
                ? ""
                : " (still open: this timeline runs to " + at(now) + ")"));
    line(md, "Detected", at(alert.openedAt()));
    line(
        md,
        "Fired",
        alert.firedAt() == null ? "never (cleared while pending)" : at(alert.firedAt()));
    line(md, "Acknowledged", who(alert.acknowledgedAt(), alert.acknowledgedBy()));
    line(md, "Resolved", who(alert.resolvedAt(), alert.resolvedBy()));
    line(
        md,
        "Time to acknowledge",
        span(alert.firedAt(), alert.acknowledgedAt(), "not acknowledged"));
    line(md, "Time to resolve", span(alert.firedAt(), alert.resolvedAt(), "not resolved"));
    long pages = facts.pages().stream().filter(p -> !p.email()).count();
    line(md, "Pages", String.valueOf(pages));
    if (!facts.joined().isEmpty()) {
      line(
          md,
          "Also affected",
          String.join(", ", facts.joined().stream().map(Joined::service).toList()));
    }
    md.append("\n## Timeline (").append(zone.getId()).append(")\n\n");
    md.append("| Time | Event | By |\n|---|---|---|\n");
    for (Event event : events(facts)) {
      md.append("| ")
          .append(at(event.at()))
          .append(" | ")
          .append(cell(event.what()))
          .append(" | ")
          .append(cell(event.by()))
          .append(" |\n");
    }
    return md.toString();
  }

  private List<Event> events(Facts facts) {
    List<Event> events = new ArrayList<>();
    boolean manual = ManualPages.isManual(facts.alert().ruleId());
    for (AlertTransition t : facts.transitions()) {
      if (manual && t.to() == StoredAlertState.PENDING) {
        continue; // a page by hand is opened and fired in one go: its firing says it
      }
      String by = t.by() == null ? "opsbot" : t.by();
      String what = transition(t);
      if (manual && t.to() == StoredAlertState.FIRING && t.from() == StoredAlertState.PENDING) {
        String value = facts.alert().value();
        what =
            "Raised by hand: /page "
                + facts.alert().ruleId().substring(ManualPages.RULE_PREFIX.length());
        by =
            value != null && value.startsWith(RAISED_BY) ? value.substring(RAISED_BY.length()) : by;
      }
      events.add(new Event(t.at(), 0, what, by));
    }
    for (PageSent page : facts.pages()) {
      String sent =
          page.sentAt() != null
              ? ""
              : " (" + ("pending".equals(page.state()) ? "not sent yet" : page.state()) + ")";
      String what = page.email() ? "E-mailed the page" + sent : "Page: " + page.text() + sent;
      events.add(new Event(page.enqueuedAt(), 1, what, "opsbot"));
    }
    for (Joined joined : facts.joined()) {
      if (joined.firedAt() != null) {
        events.add(
            new Event(
                joined.firedAt(),
                2,
                "Joined the thread: alert " + joined.id() + ", " + joined.summary(),
                "opsbot"));
      }
    }
    for (CommandRun run : facts.commands()) {
      String what =
          "`"
              + run.action()
              + "` ("
              + run.outcome()
              + (run.detail() == null || run.detail().isBlank() ? "" : ", " + run.detail())
              + ")";
      events.add(new Event(run.at(), 3, what, run.by()));
    }
    events.sort(Comparator.comparing(Event::at).thenComparingInt(Event::order));
    return events;
  }

  private static String transition(AlertTransition t) {
    String to =
        switch (t.to()) {
          case PENDING -> "Detected: condition first seen";
          case FIRING -> t.from() == StoredAlertState.SNOOZED ? "Snooze ended" : "Fired";
          case ACKNOWLEDGED -> "Acknowledged";
          case SNOOZED -> "Snoozed";
          case RESOLVED -> "Resolved";
        };
    String note = t.note();
    if (t.to() == StoredAlertState.PENDING
        || note == null
        || note.isBlank()
        || note.startsWith("user ")) {
      return to;
    }
    return to + ": " + readable(note);
  }

  /** "held for PT30S" as "held for 30 s": the store's notes name durations in ISO form. */
  private static String readable(String note) {
    return ISO_DURATION
        .matcher(note)
        .replaceAll(match -> {
          try {
            return span(Instant.EPOCH, Instant.EPOCH.plus(Duration.parse(match.group())), "");
          } catch (java.time.format.DateTimeParseException e) {
            return match.group();
          }
        });
  }

  private String who(Instant at, String by) {
    if (at == null) {
      return "not yet";
    }
    return at(at) + (by == null ? " by opsbot" : " by " + by);
  }

  private static String span(Instant from, Instant to, String otherwise) {
    if (from == null || to == null) {
      return otherwise;
    }
    long seconds = Math.max(0, Duration.between(from, to).toSeconds());
    long hours = seconds / 3600;
    long minutes = seconds % 3600 / 60;
    long rest = seconds % 60;
    StringBuilder text = new StringBuilder();
    if (hours > 0) {
      text.append(hours).append(" h ");
    }
    if (hours > 0 || minutes > 0) {
      text.append(minutes).append(" min ");
    }
    return text.append(rest).append(" s").toString();
  }

  private String at(Instant instant) {
    return time.format(instant);
  }

  private static void line(StringBuilder md, String name, String value) {
    md.append("- **").append(name).append(":** ").append(cell(value)).append('\n');
  }

  /** Keeps a value on its line and out of the table's columns. */
  private static String cell(String text) {
    if (text == null) {
      return "";
    }
    return text.replace("\r", " ").replace("\n", " ").replace("|", "\\|");
  }
}
