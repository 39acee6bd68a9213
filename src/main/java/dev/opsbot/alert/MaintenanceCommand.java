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
 * {@code /maintenance backend erp 1h migration}: a maintenance window of the services named,
 * starting now and ending by itself; {@code /maintenance end <id>}; {@code /maintenance} lists.
 */
public final class MaintenanceCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "maintenance",
          "Maintenance window for services: their alerts are not posted meanwhile; end; list",
          List.of(
              new Argument(
                  "service... duration [reason] | end <id>",
                  "the services, then how long (such as 1h, at most 7d)",
                  Argument.Kind.TEXT,
                  false)),
          Role.ONCALL);

  private final SilenceDesk desk;
  private final List<String> services;
  private final Clock clock;

  /**
   * @param services the services configured, to warn about a window naming none of them
   */
  public MaintenanceCommand(SilenceDesk desk, List<String> services, Clock clock) {
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
      return SilenceReplies.list(desk, Silence.Kind.MAINTENANCE, clock);
    }
    if (words.getFirst().equals("end")) {
      return SilenceReplies.end(desk, Silence.Kind.MAINTENANCE, words, request.caller());
    }
    int at = 0;
    while (at < words.size() && !SilenceReplies.isDuration(words.get(at))) {
      at++;
    }
    if (at == 0) {
      throw new UsageException("name the services first, such as /maintenance backend 1h deploy");
    }
    if (at == words.size()) {
      throw new UsageException(
          "say for how long after the services, such as 1h (at most 7d): " + SPEC.usage());
    }
    SilenceMatchers matchers;
    try {
      matchers = SilenceMatchers.services(words.subList(0, at).stream().distinct().toList());
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
                  Silence.Kind.MAINTENANCE,
                  matchers,
                  duration,
                  reason,
                  request.caller(),
                  services));
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    request.note().set("maintenance=" + started.silence().id());
    return SilenceReplies.started(started);
  }
}
