package dev.opsbot.chat.console;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Optional;

/**
 * The buttons the terminal has shown lately, in replies and in posted messages, so that {@code
 * /click <label>} presses the newest one with that label: the terminal's way to use the same button
 * flows as Slack and Discord (an alert's Restart, a plan's Confirm).
 */
public final class ConsoleButtons {
  private static final int REMEMBERED = 200;

  private final Deque<Block.Button> shown = new ArrayDeque<>();

  /** Remembers the buttons of a message just printed. */
  public synchronized void saw(Message message) {
    for (Block block : message.blocks()) {
      if (block instanceof Block.Buttons buttons) {
        for (Block.Button button : buttons.buttons()) {
          shown.addFirst(button);
          if (shown.size() > REMEMBERED) {
            shown.removeLast();
          }
        }
      }
    }
  }

  /** The newest button whose label is {@code label}, or starts with it; case does not matter. */
  synchronized Optional<Block.Button> find(String label) {
    String wanted = label.strip().toLowerCase(Locale.ROOT);
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    for (Block.Button button : shown) {
      if (button.label().toLowerCase(Locale.ROOT).equals(wanted)) {
        return Optional.of(button);
      }
    }
    for (Block.Button button : shown) {
      if (button.label().toLowerCase(Locale.ROOT).startsWith(wanted)) {
        return Optional.of(button);
      }
    }
    return Optional.empty();
  }
}
