package dev.opsbot.command;

/** Where the router records every command and click; the audit trail is the one that keeps them. */
@FunctionalInterface
public interface CommandLog {
  CommandLog NONE = record -> {};

  /** Must not block or throw: a slow or absent database must not delay a reply. */
  void record(CommandRecord record);
}
