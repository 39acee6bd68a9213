package dev.opsbot.chat.console;

import dev.opsbot.chat.ControlCharacters;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints what opsbot posts on its own (alerts, their updates and thread replies) in the terminal,
 * so the demo shows the whole cycle of an alert without Slack.
 */
public final class ConsoleChatSender implements ChatSender {
  private final PrintStream out;
  private final PlainTextRenderer renderer = new PlainTextRenderer();
  private final AtomicLong ids = new AtomicLong();

  private final ConsoleButtons buttons;

  public ConsoleChatSender(PrintStream out) {
    this(out, new ConsoleButtons());
  }

  /** As above; the buttons of what it prints can be pressed with /click in the console. */
  public ConsoleChatSender(PrintStream out, ConsoleButtons buttons) {
    this.out = out;
    this.buttons = buttons;
  }

  @Override
  public SendResult send(OutboxItem item) {
    String id = "m" + ids.incrementAndGet();
    String where =
        switch (item.kind()) {
          case POST -> item.channel() + " (new message " + id + ")";
          case UPDATE -> item.channel() + " (message " + item.parentRef() + " edited)";
          case REPLY -> item.channel() + " (thread of " + item.parentRef() + ")";
        };
    synchronized (out) {
      out.println();
      out.println("── " + ControlCharacters.escape(where) + " ──");
      out.println(renderer.render(item.message()));
      out.flush();
      buttons.saw(item.message());
    }
    // A reply is a message of its own, as on Slack and Discord: an edit of it edits the reply, not
    // the message it answers.
    return new SendResult.Sent(item.kind() == OutboxItem.Kind.UPDATE ? item.parentRef() : id);
  }
}
