package dev.opsbot.oncall;

import dev.opsbot.access.Caller;
import dev.opsbot.command.RefusedException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds what a {@code /oncall} line names: a schedule (which may be left out when there is only
 * one) and a person (a Slack or Discord mention, or an id or name of {@code people:}).
 */
final class OnCallLookup {
  // Slack <@U123> or <@U123|name>; Discord <@123> or <@!123>.
  private static final Pattern MENTION = Pattern.compile("<@!?([A-Za-z0-9]+)(?:\\|[^>]*)?>");

  private final OnCallRoster roster;
  private final String peopleFile;

  OnCallLookup(OnCallRoster roster, String peopleFile) {
    this.roster = roster;
    this.peopleFile = peopleFile;
  }

  OnCallRoster roster() {
    return roster;
  }

  /** The schedule named, or the only one when none is named. */
  Schedule schedule(String name) {
    List<String> ids = roster.schedules().stream().map(Schedule::id).toList();
    if (ids.isEmpty()) {
      throw noSchedules();
    }
    if (name == null) {
      if (ids.size() > 1) {
        throw new RefusedException(
            "Which schedule? There are " + String.join(", ", ids) + ": name one at the end.");
      }
      return roster.schedule(ids.getFirst()).orElseThrow();
    }
    return roster
        .schedule(name)
        .orElseThrow(() ->
            new RefusedException(
                "There is no schedule '"
                    + shown(name)
                    + "'. The schedules are: "
                    + String.join(", ", ids)
                    + "."));
  }

  RefusedException noSchedules() {
    return new RefusedException(
        "No on-call schedules are configured: add one under schedules: in " + peopleFile + ".");
  }

  /** The person a word names, or a refusal saying where to add them. */
  Person person(String word) {
    Matcher mention = MENTION.matcher(word);
    Optional<Person> found;
    if (mention.matches()) {
      found = roster.personOfUser(mention.group(1));
    } else {
      String name = word.startsWith("@") ? word.substring(1) : word;
      found =
          roster
              .person(name)
              .or(() ->
                  roster.people().stream()
                      .filter(p ->
                          p.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
                      .findFirst());
    }
    return found.orElseThrow(() ->
        new RefusedException(
            shown(word)
                + " is not an on-call person: add them under people: in "
                + peopleFile
                + " (an id, name, and their slack: or discord: user id), then restart opsbot."));
  }

  /** The caller as a person of {@code people:}, found by their chat user id. */
  Optional<Person> caller(Caller caller) {
    return roster.personOfUser(caller.userId());
  }

  /** The refusal for a caller who is not in {@code people:}. */
  RefusedException notInPeople(Caller caller) {
    return new RefusedException(
        "You ("
            + caller.userId()
            + ") are not an on-call person: nobody under people: in "
            + peopleFile
            + " has your "
            + ("discord".equals(caller.platform()) ? "discord:" : "slack:")
            + " user id. Add it there to see your shifts and trade them.");
  }

  static String shown(String word) {
    return word.length() <= 40 ? word : word.substring(0, 40) + "\u2026";
  }
}
