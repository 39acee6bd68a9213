package dev.opsbot.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks {@code config/oncall.yaml}: every problem names the file, the key path ({@code
 * schedules.primary.layers[0].members[1]}) and what to write instead.
 */
public final class OnCallValidator {
  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9._-]{0,59}");
  private static final Pattern SLACK_USER = Pattern.compile("[UW][A-Z0-9]{2,20}");
  private static final Pattern DISCORD_ID = Pattern.compile("\\d{17,20}");
  private static final Pattern SLACK_GROUP = Pattern.compile("S[A-Z0-9]{2,20}");
  private static final Pattern SLACK_GROUP_MENTION =
      Pattern.compile("<!subteam\\^S[A-Z0-9]{2,20}>");
  private static final Pattern DISCORD_ROLE = Pattern.compile("<@&\\d{17,20}>");
  private static final Pattern HOURS = Pattern.compile("(\\d\\d:\\d\\d)-(\\d\\d:\\d\\d)");
  private static final Duration SHORTEST_SHIFT = Duration.ofMinutes(1);
  private static final int MOST_REPEATS = 10;

  private final String file;
  private final List<Problem> problems;

  public OnCallValidator(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
  }

  public void validate(OnCallConfig config) {
    config.people().forEach((id, person) -> person("people." + id, id, person));
    config.schedules().forEach((id, schedule) -> schedule(config, "schedules." + id, id, schedule));
    config.policies().forEach((id, policy) -> policy(config, "policies." + id, id, policy));
  }

  /**
   * A shift length as written: {@code daily}, {@code weekly}, or a duration of a minute or more.
   */
  public static Optional<Duration> shiftLength(String shift) {
    if (shift == null) {
      return Optional.empty();
    }
    return switch (shift.trim().toLowerCase(Locale.ROOT)) {
      case "daily" -> Optional.of(Duration.ofDays(1));
      case "weekly" -> Optional.of(Duration.ofDays(7));
      default -> {
        try {
          yield Optional.of(DurationText.parse(shift));
        } catch (IllegalArgumentException e) {
          yield Optional.empty();
        }
      }
    };
  }

  /** A day as written ({@code mon}, {@code Monday}), or empty. */
  public static Optional<DayOfWeek> day(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      String name = day.name().toLowerCase(Locale.ROOT);
      if (lower.length() >= 3 && name.startsWith(lower)) {
        return Optional.of(day);
      }
    }
    return Optional.empty();
  }

  private void person(String path, String id, OnCallPerson person) {
    if (person == null) {
      problem(path, "empty: give the person a name and at least one of slack, discord, email");
      return;
    }
    id(path, id, "a person");
    if (blank(person.slack()) && blank(person.discord()) && blank(person.email())) {
      problem(path, "no way to reach " + id + ": give at least one of slack, discord, email");
    }
    if (!blank(person.slack()) && !SLACK_USER.matcher(person.slack()).matches()) {
      problem(
          path + ".slack",
          "'"
              + person.slack()
              + "' is not a Slack user id: copy it from the profile's menu (Copy member ID),"
              + " it looks like U024BE7LH");
    }
    if (!blank(person.discord()) && !DISCORD_ID.matcher(person.discord()).matches()) {
      problem(
          path + ".discord",
          "'" + person.discord() + "' is not a Discord user id: 17 to 20 digits (Copy User ID)");
    }
    if (!blank(person.email()) && !person.email().matches("[^@\\s]+@[^@\\s]+")) {
      problem(path + ".email", "'" + person.email() + "' is not an e-mail address");
    }
  }

  private void schedule(OnCallConfig config, String path, String id, ScheduleConfig schedule) {
    if (schedule == null) {
      problem(path, "empty: give the schedule a timeZone and layers");
      return;
    }
    id(path, id, "a schedule");
    if (schedule.timeZone() != null) {
      zone(path + ".timeZone", schedule.timeZone());
    }
    if (!blank(schedule.slackUserGroup())
        && !SLACK_GROUP.matcher(schedule.slackUserGroup()).matches()) {
      problem(
          path + ".slackUserGroup",
          "'"
              + schedule.slackUserGroup()
              + "' is not a Slack user group id: it looks like S0614TZR7 (usergroups.list)");
    }
    if (schedule.layers().isEmpty()) {
      problem(
          path + ".layers",
          "schedule '" + id + "' has no layers: add one with members, shift, handover and start");
    }
    for (int i = 0; i < schedule.layers().size(); i++) {
      layer(config, schedule, path + ".layers[" + i + "]", schedule.layers().get(i));
    }
  }

  private void layer(OnCallConfig config, ScheduleConfig schedule, String path, LayerConfig layer) {
    if (layer == null) {
      problem(path, "empty: give the layer members, a shift, a handover time and a start date");
      return;
    }
    if (layer.members().isEmpty()) {
      problem(
          path + ".members",
          "no members: list the people (ids under people:) who take turns in this layer");
    }
    for (int i = 0; i < layer.members().size(); i++) {
      String member = layer.members().get(i);
      if (member == null || !config.people().containsKey(member)) {
        problem(
            path + ".members[" + i + "]",
            "'" + member + "' is not a person: use one of " + config.people().keySet());
      }
    }
    Optional<Duration> length = shiftLength(layer.shift());
    if (layer.shift() == null) {
      problem(path + ".shift", "missing: write daily, weekly or a duration such as 12h");
    } else if (length.isEmpty()) {
      problem(
          path + ".shift",
          "'" + layer.shift() + "' is not a shift: write daily, weekly or a duration such as 12h");
    } else if (length.get().compareTo(SHORTEST_SHIFT) < 0) {
      problem(
          path + ".shift", "shifts of under a minute would page nobody in time: use 1m or more");
    }
    if (layer.handover() != null) {
      time(path + ".handover", layer.handover());
    }
    if (layer.start() == null) {
      problem(
          path + ".start", "missing: the date the first member's first shift begins (2026-12-07)");
    } else {
      try {
        LocalDate.parse(layer.start());
      } catch (DateTimeParseException e) {
        problem(path + ".start", "'" + layer.start() + "' is not a date: write it as 2026-12-07");
      }
    }
    if (layer.timeZone() != null) {
      zone(path + ".timeZone", layer.timeZone());
    } else if (schedule.timeZone() == null) {
      problem(path + ".timeZone", "no time zone: set timeZone on the schedule or the layer");
    }
    for (int i = 0; i < layer.days().size(); i++) {
      if (day(layer.days().get(i)).isEmpty()) {
        problem(
            path + ".days[" + i + "]",
            "'"
                + layer.days().get(i)
                + "' is not a day: write mon, tue, wed, thu, fri, sat or sun");
      }
    }
    if (layer.hours() != null) {
      var hours = HOURS.matcher(layer.hours().trim());
      if (!hours.matches()) {
        problem(path + ".hours", "'" + layer.hours() + "' is not a range: write it as 08:00-20:00");
      } else if (time(path + ".hours", hours.group(1))
          && time(path + ".hours", hours.group(2))
          && hours.group(1).equals(hours.group(2))) {
        problem(path + ".hours", "an empty range: leave hours out to cover the whole day");
      }
    }
  }

  private void policy(OnCallConfig config, String path, String id, PolicyConfig policy) {
    if (policy == null) {
      problem(path, "empty: give the policy steps");
      return;
    }
    id(path, id, "a policy");
    if (policy.steps().isEmpty()) {
      problem(
          path + ".steps", "no steps: add at least one, such as {after: 0m, schedule: primary}");
    }
    if (policy.repeat() < 0 || policy.repeat() > MOST_REPEATS) {
      problem(path + ".repeat", "must be between 0 and " + MOST_REPEATS);
    }
    for (int i = 0; i < policy.steps().size(); i++) {
      step(config, path + ".steps[" + i + "]", policy.steps().get(i));
    }
  }

  private void step(OnCallConfig config, String path, PolicyStep step) {
    if (step == null) {
      problem(path, "empty: name whom to page (schedule, person, slackGroup, discordRole, email)");
      return;
    }
    if (step.after().isNegative() || step.after().compareTo(Duration.ofDays(1)) > 0) {
      problem(path + ".after", "must be between 0m and 1d");
    }
    boolean pages =
        !blank(step.schedule())
            || !blank(step.person())
            || !blank(step.slackGroup())
            || !blank(step.discordRole())
            || !step.email().isEmpty();
    if (!pages) {
      problem(
          path, "pages nobody: name a schedule, a person, a slackGroup, a discordRole or email");
    }
    if (!blank(step.schedule()) && !config.schedules().containsKey(step.schedule())) {
      problem(
          path + ".schedule",
          "'" + step.schedule() + "' is not a schedule: use one of " + config.schedules().keySet());
    }
    if (!blank(step.person()) && !config.people().containsKey(step.person())) {
      problem(
          path + ".person",
          "'" + step.person() + "' is not a person: use one of " + config.people().keySet());
    }
    if (!blank(step.slackGroup()) && !SLACK_GROUP_MENTION.matcher(step.slackGroup()).matches()) {
      problem(
          path + ".slackGroup",
          "'"
              + step.slackGroup()
              + "' is not a Slack user group mention: write <!subteam^S0614TZR7>");
    }
    if (!blank(step.discordRole()) && !DISCORD_ROLE.matcher(step.discordRole()).matches()) {
      problem(
          path + ".discordRole",
          "'" + step.discordRole() + "' is not a Discord role mention: write <@&role id>");
    }
  }

  private void id(String path, String id, String what) {
    if (!ID.matcher(id).matches()) {
      problem(
          path,
          "'" + id + "' cannot name " + what + ": use lower-case letters, digits, '.', '_', '-'");
    }
  }

  private void zone(String path, String zone) {
    try {
      ZoneId.of(zone);
    } catch (DateTimeException e) {
      problem(path, "'" + zone + "' is not a time zone: write a region such as Europe/Berlin");
    }
  }

  private boolean time(String path, String text) {
    try {
      LocalTime.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      problem(path, "'" + text + "' is not a time of day: write it as 08:00");
      return false;
    }
  }

  private static boolean blank(String text) {
    return text == null || text.isBlank();
  }

  private void problem(String path, String message) {
    problems.add(new Problem(file, path, message));
  }
}
