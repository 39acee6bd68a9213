package dev.opsbot.config;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks {@code heartbeats:}: usable and unique ids that name no service or database (alerts key on
 * them alike), and exactly one of {@code every} + {@code grace} or {@code by} + {@code timeZone}.
 */
final class HeartbeatValidator {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  static final DateTimeFormatter BY = DateTimeFormatter.ofPattern("HH:mm");

  private HeartbeatValidator() {}

  static void validate(OpsbotConfig config, ConfigProblems report) {
    Set<String> taken = new HashSet<>(config.databases().keySet());
    config.services().stream()
        .filter(s -> s != null && s.id() != null)
        .forEach(s -> taken.add(s.id()));
    Set<String> ids = new HashSet<>();
    List<HeartbeatConfig> heartbeats = config.heartbeats();
    for (int i = 0; i < heartbeats.size(); i++) {
      HeartbeatConfig heartbeat = heartbeats.get(i);
      String path = "heartbeats[" + i + "]";
      if (heartbeat == null) {
        report.problem(path, "empty entry: give the heartbeat an id, a token and every: or by:");
        continue;
      }
      validateId(heartbeat.id(), path + ".id", taken, ids, report);
      validateToken(heartbeat, path + ".token", report);
      validateWhen(heartbeat, path, report);
    }
  }

  private static void validateId(
      String id, String path, Set<String> taken, Set<String> ids, ConfigProblems report) {
    if (id == null || id.isBlank()) {
      report.problem(path, "required key is missing: give the heartbeat a short id like backup");
    } else if (!ID.matcher(id).matches()) {
      report.problem(
          path,
          "'"
              + id
              + "' is not a usable id: lower-case letters, digits and dashes, such as"
              + " nightly-backup");
    } else if (taken.contains(id)) {
      report.problem(
          path,
          "'" + id + "' is already a service or database id: alerts name both alike, pick another");
    } else if (!ids.add(id)) {
      report.problem(path, "duplicate heartbeat id '" + id + "': ids must be unique");
    }
  }

  private static void validateToken(HeartbeatConfig heartbeat, String path, ConfigProblems report) {
    if (heartbeat.token() != null && heartbeat.token().controlCharacter().isPresent()) {
      report.problem(
          path,
          "the token has " + heartbeat.token().controlCharacter().get() + ": set it without one");
    } else if (heartbeat.on() && heartbeat.token().reveal().length() < 16) {
      report.problem(
          path,
          "too short to guess at: use 16 characters or more, such as the output of"
              + " openssl rand -hex 24");
    }
  }

  private static void validateWhen(HeartbeatConfig heartbeat, String path, ConfigProblems report) {
    boolean every = heartbeat.every() != null;
    boolean by = heartbeat.by() != null;
    if (every == by) {
      report.problem(
          path,
          every
              ? "both every: and by: given: a heartbeat is either periodic (every: 5m, grace: 1m)"
                  + " or daily (by: \"03:30\", timeZone: Europe/Berlin), not both"
              : "no schedule: give every: 5m and grace: 1m (a ping at least that often), or"
                  + " by: \"03:30\" and timeZone: Europe/Berlin (a ping each day by then)");
      return;
    }
    if (heartbeat.grace() != null && heartbeat.grace().isNegative()) {
      report.problem(path + ".grace", "must not be negative: 0s allows no lateness");
    }
    if (every) {
      report.positive(path + ".every", heartbeat.every());
      if (heartbeat.grace() == null) {
        report.problem(
            path + ".grace",
            "required with every: how late a ping may be before it counts as missed, such as"
                + " 1m");
      }
      if (heartbeat.timeZone() != null) {
        report.problem(path + ".timeZone", "only for by: leave it out with every:");
      }
      return;
    }
    try {
      LocalTime.parse(heartbeat.by(), BY);
    } catch (DateTimeParseException e) {
      report.problem(
          path + ".by", "'" + heartbeat.by() + "' is not a time of day: write it as \"03:30\"");
    }
    if (heartbeat.timeZone() == null || heartbeat.timeZone().isBlank()) {
      report.problem(
          path + ".timeZone",
          "required with by: the zone the time is meant in, such as Europe/Berlin or UTC");
    } else {
      try {
        ZoneId.of(heartbeat.timeZone());
      } catch (DateTimeException e) {
        report.problem(
            path + ".timeZone",
            "'" + heartbeat.timeZone() + "' is not a time zone: use a name such as Europe/Berlin");
      }
    }
  }
}
