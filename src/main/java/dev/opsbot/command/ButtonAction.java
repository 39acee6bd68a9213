package dev.opsbot.command;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;

/** What a button does when clicked, the same on every chat platform. */
public interface ButtonAction {
  /** The action id of the buttons it handles. */
  String actionId();

  Role requiredRole();

  /** The message that replaces the one clicked; adapters add who clicked. */
  Message onClick(ButtonClick click);
}
