package dev.opsbot.audit;

import dev.opsbot.access.Role;
import dev.opsbot.chat.HumanTime;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Numbers;
import dev.opsbot.command.UsageException;
import dev.opsbot.state.StateUnavailableException;
import java.time.Clock;
import java.util.List;

/** {@code /audit [n]}: the latest audit log entries, for admins. */
public final class AuditCommand implements Command {
  private static final int DEFAULT_ROWS = 20;
  private static final int MAX_ROWS = 100;
  public static final CommandSpec SPEC =
      new CommandSpec(
          "audit",
          "The latest entries of the audit log",
          List.of(
              Argument.optional(
                  "n", "how many, 1 to " + MAX_ROWS + " (default " + DEFAULT_ROWS + ")")),
          Role.ADMIN);

  private final AuditLog log;
  private final Clock clock;

  public AuditCommand(AuditLog log, Clock clock) {
    this.log = log;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    int rows = DEFAULT_ROWS;
    if (request.arguments().size() > 1) {
      throw new UsageException("give at most one number");
    }
    if (request.argument(0) != null) {
      try {
        rows = Numbers.parseInt(request.argument(0));
      } catch (NumberFormatException e) {
        throw new UsageException("'" + request.argument(0) + "' is not a number");
      }
      if (rows < 1 || rows > MAX_ROWS) {
        throw new UsageException("n must be from 1 to " + MAX_ROWS);
      }
    }
    List<dev.opsbot.audit.AuditEntry> entries;
    try {
      entries = log.latest(rows);
    } catch (StateUnavailableException e) {
      throw new CommandFailedException(
          e.getMessage() + ". " + log.pendingCount() + " entries wait in memory to be written.");
    }
    List<List<String>> table =
        entries.stream()
            .map(e ->
                List.of(
                    HumanTime.age(e.at(), clock.instant()),
                    e.userName() == null ? e.userId() : e.userName() + " (" + e.userId() + ")",
                    e.platform() + ":" + (e.channel() == null ? "-" : e.channel()),
                    e.action().length() > 60 ? e.action().substring(0, 59) + "…" : e.action(),
                    e.outcome().id(),
                    e.duration() == null ? "-" : HumanTime.latency(e.duration()),
                    e.detail() == null ? "" : e.detail()))
            .toList();
    Message.Builder message =
        Message.builder("Audit log: " + entries.size() + " latest entries")
            .header("Audit log: latest " + entries.size())
            .table(List.of("WHEN", "WHO", "WHERE", "ACTION", "OUTCOME", "TOOK", "DETAIL"), table)
            .visibility(Visibility.EPHEMERAL);
    if (log.pendingCount() > 0 || log.droppedCount() > 0) {
      message.context(
          log.pendingCount()
              + " entries waiting to be written, "
              + log.droppedCount()
              + " dropped (queue full)");
    }
    return message.build();
  }
}
