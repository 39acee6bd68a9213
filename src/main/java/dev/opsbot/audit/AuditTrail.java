package dev.opsbot.audit;

import dev.opsbot.command.CommandLog;

/**
 * Where commands, clicks and features' own steps are recorded; the database-backed one survives
 * restarts.
 */
@FunctionalInterface
public interface AuditTrail {
  AuditTrail NONE = entry -> {};

  /** Must not block or throw: a slow or absent database must not delay a reply. */
  void record(AuditEntry entry);

  /** The router's command log writing to {@code trail}: each command or click becomes one row. */
  static CommandLog commands(AuditTrail trail) {
    return record ->
        trail.record(
            AuditEntry.of(
                record.at(),
                record.caller(),
                switch (record.kind()) {
                  case COMMAND -> AuditKind.COMMAND;
                  case CLICK -> AuditKind.CLICK;
                },
                record.subject(),
                record.outcome(),
                record.duration(),
                record.detail()));
  }
}
