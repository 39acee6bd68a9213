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

  /** The buttons this command's replies carry, and what clicking them does. */
  default java.util.List<ButtonAction> buttonActions() {
    return java.util.List.of();
  }
}
