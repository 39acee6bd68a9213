package dev.opsbot.digest;

import dev.opsbot.access.Role;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Argument;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandFailedException;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.UsageException;
import dev.opsbot.delivery.ChatAddress;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code /digest}: today's digest posted now into the channel where it was asked (its chart and
 * details in the thread, as the scheduled one); {@code /digest preview} shows it to the asker only.
 */
public final class DigestCommand implements Command {
  public static final CommandSpec SPEC =
      new CommandSpec(
          "digest",
          "Today's digest: posted here now, or only to you with preview",
          List.of(Argument.optional("preview", "show it only to you instead of posting it")),
          Role.VIEWER);

  private final DigestPublisher publisher;
  private final ZoneId zone;
  private final Clock clock;

  public DigestCommand(DigestPublisher publisher, ZoneId zone, Clock clock) {
    this.publisher = publisher;
    this.zone = zone;
    this.clock = clock;
  }

  @Override
  public CommandSpec spec() {
    return SPEC;
  }

  @Override
  public Message execute(CommandRequest request) {
    String mode = request.argument(0);
    if (request.arguments().size() > 1 || (mode != null && !mode.equals("preview"))) {
      throw new UsageException(
          "/digest takes nothing (post it here) or preview (show it only to you), not '"
              + request.argumentText()
              + "'");
    }
    Digest digest;
    try {
      digest = publisher.build(clock.instant(), zone, null);
    } catch (RuntimeException e) {
      throw new CommandFailedException(
          "The digest could not be built: "
              + e.getMessage()
              + ". It reads opsbot's state database and the /sql database; opsbot's log says more.");
    }
    if (mode != null) {
      return DigestMessages.preview(digest);
    }
    String channel = ChatAddress.of(request.caller().platform(), request.caller().channelId());
    if (channel == null) {
      throw new UsageException("/digest posts into the channel it is asked in; ask in a channel");
    }
    publisher.publish("digest:now:" + channel + ":" + clock.millis(), channel, List.of(), digest);
    return Message.builder("Digest posted")
        .text(
            "Posting today's digest here"
                + (digest.chart().isPresent()
                    ? ", with the chart " + DigestChart.fileName(digest.report())
                    : "")
                + " and the details in its thread.")
        .tone(Tone.GOOD)
        .visibility(dev.opsbot.chat.Visibility.EPHEMERAL)
        .build();
  }
}
