package dev.opsbot.chat.console;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.ControlCharacters;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chat in a terminal: reads one command a line from standard input, prints the rendered reply, and
 * returns at end of input (or {@code exit}), so scripted input works as well as typing.
 */
public final class ConsoleChat {
  private static final Logger log = LoggerFactory.getLogger(ConsoleChat.class);
  private final CommandRouter router;
  private final PlainTextRenderer renderer = new PlainTextRenderer();
  private final BufferedReader in;
  private final PrintStream out;
  private final Caller caller;
  private final boolean prompt;
  private final ConsoleButtons buttons;

  public ConsoleChat(
      CommandRouter router, BufferedReader in, PrintStream out, Caller caller, boolean prompt) {
    this(router, in, out, caller, prompt, new ConsoleButtons());
  }

  /**
   * As above; {@code /click <label>} presses the newest button with that label among those shown in
   * replies and in the messages {@code buttons} heard of.
   */
  public ConsoleChat(
      CommandRouter router,
      BufferedReader in,
      PrintStream out,
      Caller caller,
      boolean prompt,
      ConsoleButtons buttons) {
    this.buttons = buttons;
    this.router = router;
    this.in = in;
    this.out = out;
    this.caller = caller;
    this.prompt = prompt;
  }

  public void run() {
    try {
      while (true) {
        if (prompt) {
          out.print("opsbot> ");
          out.flush();
        }
        String line = in.readLine();
        if (line == null || line.strip().equals("exit") || line.strip().equals("quit")) {
          return;
        }
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (!prompt) {
          out.println("> " + ControlCharacters.escape(line.strip()));
        }
        answer(line);
        out.flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the console failed", e);
    }
  }

  /** One line's answer; whatever goes wrong on the way is told, and the next line is read. */
  private void answer(String line) {
    try {
      dev.opsbot.chat.Message reply =
          line.strip().startsWith(CLICK)
              ? click(line.strip().substring(CLICK.length()))
              : router.handle(line, caller);
      out.println(renderer.render(reply));
      buttons.saw(reply);
      saveFiles(reply);
    } catch (Throwable e) {
      // The router answers every failure of a command; this is for the console's own steps.
      try {
        log.error("event=console_line_failed error=\"{}\"", e.toString(), e);
      } catch (Throwable ignored) {
        // Logging failed too (out of memory): the line below still tells the user.
      }
      out.println(
          "That line could not be answered ("
              + e.getClass().getSimpleName()
              + "); see opsbot's log.");
    }
  }

  private static final String CLICK = "/click";

  /** Presses a button shown earlier, as a click in Slack or Discord would. */
  private dev.opsbot.chat.Message click(String label) {
    return buttons
        .find(label)
        .map(b -> router.handleClick(new ButtonClick(b.actionId(), b.value(), caller)))
        .orElseGet(() ->
            dev.opsbot.chat.Message.ephemeral(
                "No button \u201c"
                    + label.strip()
                    + "\u201d has been shown: /click takes the label of a button above, such as"
                    + " /click Restart."));
  }

  /** A picture cannot be shown in a terminal: it is saved, and where is said. */
  private void saveFiles(dev.opsbot.chat.Message reply) {
    for (dev.opsbot.chat.Block block : reply.blocks()) {
      if (block instanceof dev.opsbot.chat.Block.File file && file.bytes() != null) {
        try {
          java.nio.file.Path directory =
              java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "opsbot-demo");
          java.nio.file.Files.createDirectories(directory);
          java.nio.file.Path saved =
              directory.resolve(java.nio.file.Path.of(file.name()).getFileName());
          java.nio.file.Files.write(saved, file.bytes());
          out.println("  " + file.name() + " saved as " + saved);
        } catch (IOException e) {
          out.println("  " + file.name() + " could not be saved: " + e.getMessage());
        }
      }
    }
  }
}
