package dev.opsbot.alert;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.UsageException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * {@code /silence service=backend severity=warning 2h deploy}: alerts matching every matcher are
 * not posted for the duration; {@code /silence end <id>}; {@code /silence} lists the active ones.
 */
public final class SilenceCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "silence",
          "Silence alerts by rule, service, severity for a while; end; list",
          List.of(
              new Argument(
                  "matchers... duration [reason] | end <id>",
                  "rule=, service=, severity= (=~ for a regular expression), then 2h",
                  Argument.Kind.TEXT,
                  false)),
          Role.ONCALL);

  private final SilenceDesk desk;
  private final List<String> services;
  private final Clock clock;

  /**
   * @param services the services configured, to warn about a silence matching none
   */
  public SilenceCommand(SilenceDesk desk, List<String> services, Clock clock) {
    this.desk = desk;
    this.services = List.copyOf(services);
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    List<String> words = SilenceReplies.words(request.argumentText());
    if (words.isEmpty()) {
      return SilenceReplies.list(desk, Silence.Kind.SILENCE, clock);
    }
    if (words.getFirst().equals("end")) {
      return SilenceReplies.end(desk, Silence.Kind.SILENCE, words, request.caller());
    }
    int at = 0;
    while (at < words.size() && words.get(at).contains("=")) {
      at++;
    }
    if (at == 0) {
      throw new UsageException(
          "start with a matcher, such as /silence service=backend severity=warning 2h deploy");
    }
    if (at == words.size() || !SilenceReplies.isDuration(words.get(at))) {
      throw new UsageException(
          "say for how long after the matchers, such as 2h (at most 7d): " + SPEC.usage());
    }
    SilenceMatchers matchers;
    try {
      matchers = SilenceMatchers.parse(words.subList(0, at));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    Duration duration = SilenceReplies.duration(words.get(at));
    String reason = SilenceReplies.reason(words.subList(at + 1, words.size()));
    SilenceDesk.Started started;
    try {
      started =
          SilenceReplies.stateful(() ->
              desk.start(
                  Silence.Kind.SILENCE, matchers, duration, reason, request.caller(), services));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    request.note().set("silence=" + started.silence().id());
    return SilenceReplies.started(started);
  }
}
