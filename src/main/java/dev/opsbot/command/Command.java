package dev.opsbot.command;

import dev.opsbot.chat.Message;

/** A slash command, the same on every chat platform. */
public interface Command {
  CommandSpec spec();

  /**
   * Answers a request. Throws {@link UsageException} for arguments that do not fit; the router
   * turns it into the usage line.
   */
  Message execute(CommandRequest request);
}
