package dev.opsbot.chat.discord;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.Role;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.hooks.ListenerAdapter;
import net.dv8tion.jda.api.interactions.Interaction;
import net.dv8tion.jda.api.interactions.InteractionHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slash commands and button clicks from Discord, through the same router (and so the same roles and
 * audit) as every other platform. Discord wants an answer within 3 seconds: one ready within {@code
 * answerWithin} is the reply; anything slower is deferred ("opsbot is thinking...") and the
 * original response edited when it is ready. Clicks are deferred at once and the clicked message
 * edited in place; a refusal is shown only to the person who clicked.
 */
public final class DiscordInteractions extends ListenerAdapter {
  private static final Logger log = LoggerFactory.getLogger(DiscordInteractions.class);

  private final CommandRouter router;
  private final Map<String, CommandSpec> specs = new LinkedHashMap<>();
  private final ExecutorService workers;
  private final Duration answerWithin;
  private final DiscordRenderer renderer = new DiscordRenderer();

  public DiscordInteractions(CommandRouter router, ExecutorService workers, Duration answerWithin) {
    this.router = router;
    this.workers = workers;
    this.answerWithin = answerWithin;
    router.specs().forEach(spec -> specs.put(spec.name(), spec));
  }

  @Override
  public void onSlashCommandInteraction(SlashCommandInteractionEvent event) {
    // Off JDA's event thread: a slow command must not hold up the next interaction.
    workers.execute(() -> guarded("/" + event.getName(), () -> answer(event)));
  }

  /**
   * Runs an interaction's work, logging what escapes it: a task on an executor has no one to report
   * to, and the user would only see Discord's "did not respond".
   */
  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (Throwable e) {
      log.error(
          "event=discord_interaction_failed interaction={} error=\"{}\"", what, e.toString(), e);
    }
  }

  private void answer(SlashCommandInteractionEvent event) {
    String name = event.getName();
    CommandSpec spec = specs.get(name);
    String text = spec == null ? "" : SlashCommands.argumentText(spec, event.getOptions());
    Caller caller = caller(event);
    Future<Message> answer = workers.submit(() -> router.handle(name, text, caller));
    Message message;
    try {
      message = answer.get(answerWithin.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      event.deferReply(false).queue(null, failure -> logFailure("defer", name, failure));
      answerLater(name, caller.userName(), answer, event.getHook());
      return;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      log.error(
          "event=discord_command_failed command=/{} error=\"{}\"", name, e.getCause().toString());
      message = Message.ephemeral("/" + name + " failed; see opsbot's log.");
    }
    DiscordMessage rendered = renderer.render(message);
    event
        .reply(rendered.createData())
        .setEphemeral(rendered.ephemeral())
        .queue(null, failure -> logFailure("reply", name, failure));
  }

  private void answerLater(
      String command, String asker, Future<Message> answer, InteractionHook hook) {
    Message message;
    try {
      message = answer.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException e) {
      log.error(
          "event=discord_command_failed command=/{} error=\"{}\"",
          command,
          e.getCause().toString());
      message = Message.ephemeral("/" + command + " failed; see opsbot's log.");
    }
    DiscordMessage rendered = renderer.render(message);
    if (rendered.ephemeral()) {
      // A deferral fixes whether the response is public, and the first follow-up after it only
      // fills the placeholder in. So: the placeholder says where the answer went, then the
      // answer follows to the asker alone, then the placeholder goes.
      String name = "/" + command;
      hook.editOriginal(
              renderer
                  .render(
                      Message.builder(name)
                          .context(name + ": answered to " + asker + " only")
                          .build())
                  .editData())
          .queue(
              edited ->
                  hook.sendMessage(rendered.createData())
                      .setEphemeral(true)
                      .queue(
                          sent ->
                              hook.deleteOriginal()
                                  .queue(
                                      null,
                                      failure -> logFailure("delete_placeholder", name, failure)),
                          failure -> logFailure("followup", name, failure)),
              failure -> logFailure("edit_placeholder", name, failure));
    } else {
      hook.editOriginal(rendered.editData())
          .queue(null, failure -> logFailure("edit_original", command, failure));
    }
  }

  @Override
  public void onButtonInteraction(ButtonInteractionEvent event) {
    String customId = event.getComponentId();
    event.deferEdit().queue(null, failure -> logFailure("defer_edit", customId, failure));
    workers.execute(() -> guarded(customId, () -> click(event, customId)));
  }

  private void click(ButtonInteractionEvent event, String customId) {
    Caller caller = caller(event);
    String actionId = ButtonIds.actionId(customId);
    Message result =
        router.handleClick(new ButtonClick(actionId, ButtonIds.value(customId), caller));
    InteractionHook hook = event.getHook();
    if (result.visibility() == dev.opsbot.chat.Visibility.EPHEMERAL) {
      hook.sendMessage(renderer.render(result).createData())
          .setEphemeral(true)
          .queue(null, failure -> logFailure("click_followup", actionId, failure));
      return;
    }
    String label = event.getButton() == null ? actionId : event.getButton().getLabel();
    Message shown = withContext(result, caller.userName() + " clicked \u201c" + label + "\u201d");
    hook.editOriginal(renderer.render(shown).editData())
        .queue(null, failure -> logFailure("click_edit", actionId, failure));
  }

  /** Who sent an interaction, with the ids of their roles in the server for access checks. */
  static Caller caller(Interaction interaction) {
    Member member = interaction.getMember();
    Set<String> roles = Set.of();
    String name = interaction.getUser().getName();
    if (member != null) {
      name = member.getEffectiveName();
      try {
        roles = member.getUnsortedRoles().stream().map(Role::getId).collect(Collectors.toSet());
      } catch (RuntimeException e) {
        log.warn(
            "event=discord_roles_unknown user={} error=\"{}\" note=\"treated as a viewer\"",
            interaction.getUser().getId(),
            e.toString());
      }
    }
    return new Caller(
        "discord", interaction.getUser().getId(), name, interaction.getChannelId(), roles);
  }

  private static Message withContext(Message message, String line) {
    List<Block> blocks = new ArrayList<>(message.blocks());
    blocks.add(new Block.Context(line));
    return new Message(blocks, message.fallbackText(), message.visibility(), message.tone());
  }

  private static void logFailure(String step, String what, Throwable failure) {
    log.warn(
        "event=discord_interaction_failed step={} what={} error=\"{}\"",
        step,
        what,
        failure.toString());
  }
}
