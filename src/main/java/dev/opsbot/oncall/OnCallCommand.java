package dev.opsbot.oncall;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.util.List;

/**
 * {@code /oncall}: who is on call now, the coming week, my shifts, an iCalendar export, and
 * overrides, swaps and cancellations from chat. Everyone may look; who may move the pager is the
 * desk's to decide (the person replaced, the incoming person, or an admin).
 */
public final class OnCallCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "oncall",
          "Who is on call, the week ahead, my shifts, .ics export; override, swap, cancel",
          List.of(
              new Argument(
                  "what",
                  "me | <schedule> week | export | override @person 4h | swap @person | cancel <id> | help",
                  Argument.Kind.TEXT,
                  false)),
          CommandSpec.EVERYONE);

  private final OnCallViews views;
  private final IcsExport export;
  private final OverrideDesk desk;
  private final Clock clock;

  /**
   * {@code peopleFile} is the on-call file (config/oncall.yaml), named where a refusal says to add
   * someone.
   */
  public OnCallCommand(
      OnCallRoster roster,
      OverrideStore overrides,
      AccessPolicy access,
      AuditTrail audit,
      String peopleFile,
      Clock clock) {
    OnCallLookup lookup = new OnCallLookup(roster, peopleFile);
    this.views = new OnCallViews(lookup);
    this.export = new IcsExport(lookup);
    this.desk = new OverrideDesk(lookup, overrides, access, new OnCallAudit(audit, clock), clock);
    this.clock = clock;
  }

  @java.lang.Override
  public CommandSpec spec() {
    return SPEC;
  }

  @java.lang.Override
  public Message execute(CommandRequest request) {
    OnCallRequest asked = OnCallParser.parse(request.argumentText());
    try {
      return switch (asked) {
        case OnCallRequest.Overview o -> views.overview(clock.instant());
        case OnCallRequest.Week week -> views.week(week.schedule(), clock.instant());
        case OnCallRequest.Me me -> views.me(request.caller(), clock.instant());
        case OnCallRequest.Export e -> export.export(e.schedule(), clock.instant());
        case OnCallRequest.Take take -> desk.take(request.caller(), take);
        case OnCallRequest.Swap swap -> desk.swap(request.caller(), swap);
        case OnCallRequest.Cancel cancel -> desk.cancel(request.caller(), cancel);
        case OnCallRequest.Help h -> help();
      };
    } catch (StateUnavailableException e) {
      throw new CommandFailedException(
          "Overrides are kept in the state database, which can't be reached now ("
              + e.getMessage()
              + "). Nothing was changed.");
    }
  }

  static Message help() {
    Message.Builder message = Message.builder("/oncall forms").header("/oncall");
    OnCallRequest.FORMS.forEach(message::text);
    return message
        .context(
            "@person is a mention or an id of people: in the on-call file. The schedule may be"
                + " left out when there is only one. Overrides may be made by the person on call"
                + " then, the incoming person or an admin, for up to 14 days.")
        .visibility(Visibility.EPHEMERAL)
        .build();
  }
}
