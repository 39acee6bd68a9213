package dev.opsbot.alert;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.RefusedException;
import dev.opsbot.command.UsageException;
import dev.opsbot.delivery.ChatAddress;
import dev.opsbot.delivery.ThreadReplies;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * {@code /timeline <alert-id>}: the incident's timeline as a Markdown file, for the post-mortem. An
 * incident still open gets its timeline so far.
 */
public final class TimelineCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "timeline",
          "An incident's timeline as a Markdown file, for the post-mortem",
          List.of(Argument.required("id", "the alert's number, as /alerts and its message show")),
          Role.ONCALL);

  private final AlertStore store;
  private final TimelineQueries queries;
  private final IncidentTimeline timeline;
  private final Clock clock;
  private final ThreadReplies replies;

  /**
   * @param replies where the Timeline button of a resolved alert answers: its thread; null where
   *     there are no alerts
   */
  public TimelineCommand(StateDatabase database, ZoneId zone, Clock clock, ThreadReplies replies) {
    this.store = new AlertStore(database);
    this.queries = new TimelineQueries(database);
    this.timeline = new IncidentTimeline(zone);
    this.clock = clock;
    this.replies = replies;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    if (request.arguments().size() != 1) {
      throw new UsageException("give the alert's number");
    }
    long id = alertId(request.argument(0));
    request.note().set("alert=" + id);
    return timeline(id);
  }

  @Override
  public List<ButtonAction> buttonActions() {
    return List.of(ButtonAction.of(AlertMessages.TIMELINE, SPEC.requiredRole(), this::onClick));
  }

  /** The Timeline button of a resolved alert: the file goes into its thread, for everyone there. */
  private Message onClick(ButtonClick click) {
    long id = alertId(click.value());
    Message answer = timeline(id);
    String channel = ChatAddress.of(click.caller().platform(), click.caller().channelId());
    if (replies == null || channel == null) {
      return answer;
    }
    replies.reply(channel, AlertMessages.parentKey(id), "timeline", answer);
    return Message.ephemeral("The timeline of incident " + id + " is posted in its thread.");
  }

  private Message timeline(long id) {
    Optional<StoredAlert> found = store.find(id);
    if (found.isEmpty()) {
      throw new RefusedException("There is no alert " + id + ": /alerts lists the open ones.");
    }
    String markdown = timeline.markdown(facts(found.get(), clock.instant()), clock.instant());
    StoredAlert alert = found.get();
    String text =
        "Timeline of incident "
            + id
            + (alert.state() == StoredAlertState.RESOLVED ? "" : " (still open: so far)")
            + ", attached as Markdown.";
    return Message.builder(text)
        .text(text)
        .add(
            new Block.File(
                "incident-" + id + "-timeline.md",
                "text/markdown",
                markdown,
                "timeline of incident " + id))
        .build();
  }

  IncidentTimeline.Facts facts(StoredAlert alert, Instant now) {
    Instant until = alert.resolvedAt() != null ? alert.resolvedAt() : now;
    long thread = alert.incidentId() != null ? alert.incidentId() : alert.id();
    return new IncidentTimeline.Facts(
        alert,
        store.transitions(alert.id()),
        queries.pages(alert.id()),
        thread == alert.id() ? queries.joined(thread) : List.of(),
        queries.commands(alert.service(), alert.id(), alert.openedAt(), until));
  }

  private static long alertId(String text) {
    try {
      return Numbers.parseLong(text.startsWith("#") ? text.substring(1) : text);
    } catch (NumberFormatException e) {
      throw new UsageException("'" + text + "' is not an alert number: /alerts lists them");
    }
  }
}
