package dev.opsbot.command;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import java.util.function.Function;

/** What a button does when clicked, the same on every chat platform. */
public interface ButtonAction {
  /** The action id of the buttons it handles. */
  String actionId();

  Role requiredRole();

  /** The message that replaces the one clicked; adapters add who clicked. */
  Message onClick(ButtonClick click);

  /** A button handled by a function, for the given role. */
  static ButtonAction of(
      String actionId, Role requiredRole, Function<ButtonClick, Message> onClick) {
    return new ButtonAction() {
      @Override
      public String actionId() {
        return actionId;
      }

      @Override
      public Role requiredRole() {
        return requiredRole;
      }

      @Override
      public Message onClick(ButtonClick click) {
        return onClick.apply(click);
      }
    };
  }
}
