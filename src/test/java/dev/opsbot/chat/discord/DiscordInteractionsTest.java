package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.access.Role;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.Argument;
import dev.opsbot.command.ButtonAction;
import dev.opsbot.command.ButtonClick;
import dev.opsbot.command.Command;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.RoleGrant;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.dv8tion.jda.api.components.buttons.Button;
import net.dv8tion.jda.api.entities.Member;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.entities.User;
import net.dv8tion.jda.api.events.interaction.command.SlashCommandInteractionEvent;
import net.dv8tion.jda.api.events.interaction.component.ButtonInteractionEvent;
import net.dv8tion.jda.api.interactions.InteractionHook;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.requests.RestAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageCreateAction;
import net.dv8tion.jda.api.requests.restaction.WebhookMessageEditAction;
import net.dv8tion.jda.api.requests.restaction.interactions.MessageEditCallbackAction;
import net.dv8tion.jda.api.requests.restaction.interactions.ReplyCallbackAction;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.mockito.InOrder;

/**
 * Slash commands and clicks as JDA delivers them (event objects mocked, as JDA's own tests do),
 * through a real router with real access rules and audit.
 */
class DiscordInteractionsTest {
  private static final String ONCALL_ROLE = "111111111111111111";
  private static final String OTHER_ROLE = "999999999999999999";
  private static final String CHANNEL = "333333333333333333";
  private static final long WAIT = 5_000;

  private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
  private final List<AuditEntry> audit = new CopyOnWriteArrayList<>();
  private final CountDownLatch slowMayFinish = new CountDownLatch(1);
  private final CommandRouter router =
      CommandRouter.withHelp(
          List.of(
              new Echo(),
              new Slow("slow", slowMayFinish, false),
              new Slow("slowfail", slowMayFinish, true),
              new Acknowledging()),
          new AccessPolicy(
              new AccessConfig(
                  Map.of("oncall", new RoleGrant(null, null, List.of(ONCALL_ROLE), null))),
              GroupDirectory.NONE,
              "config/opsbot.yaml"),
          AuditTrail.commands(audit::add),
          Clock.systemUTC());

  @AfterEach
  void stop() {
    slowMayFinish.countDown();
    workers.shutdownNow();
  }

  private DiscordInteractions interactions(Duration answerWithin) {
    return new DiscordInteractions(router, workers, answerWithin);
  }

  @Test
  void aQuickCommandIsAnsweredInTheReplyWithItsOptionsAsTypedArguments() {
    SlashCommandInteractionEvent event =
        slash("echo", ONCALL_ROLE, text("service", "backend"), flag("fresh", true));
    ReplyCallbackAction reply = replyOf(event);

    interactions(Duration.ofSeconds(30)).onSlashCommandInteraction(event);

    ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
    verify(event, timeout(WAIT)).reply(sent.capture());
    verify(reply, timeout(WAIT)).setEphemeral(false);
    verify(reply, timeout(WAIT)).queue(any(), any());
    verify(event, never()).deferReply(anyBoolean());
    assertThat(sent.getValue().getEmbeds().getFirst().getTitle())
        .isEqualTo("echo: backend --fresh");
    assertThat(audit)
        .singleElement()
        .satisfies(entry -> {
          assertThat(entry.platform()).isEqualTo("discord");
          assertThat(entry.userId()).isEqualTo("222222222222222222");
          assertThat(entry.userName()).isEqualTo("Dana");
          assertThat(entry.channel()).isEqualTo(CHANNEL);
          assertThat(entry.action()).isEqualTo("/echo backend --fresh");
          assertThat(entry.outcome()).isEqualTo(Outcome.OK);
        });
  }

  @Test
  void aCommandStillWorkingIsDeferredThenTheOriginalResponseEdited() throws Exception {
    SlashCommandInteractionEvent event = slash("slow", ONCALL_ROLE);
    ReplyCallbackAction deferred = mock(ReplyCallbackAction.class, RETURNS_SELF);
    when(event.deferReply(false)).thenReturn(deferred);
    InteractionHook hook = hookOf(event);
    WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> edit = mockEdit(hook);

    interactions(Duration.ofMillis(20)).onSlashCommandInteraction(event);

    verify(event, timeout(WAIT)).deferReply(false);
    verify(deferred, timeout(WAIT)).queue(any(), any());
    verify(hook, never()).editOriginal(any(MessageEditData.class));
    slowMayFinish.countDown();
    ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
    verify(hook, timeout(WAIT)).editOriginal(edited.capture());
    verify(edit, timeout(WAIT)).queue(any(), any());
    verify(event, never()).reply(any(MessageCreateData.class));
    assertThat(edited.getValue().getEmbeds().getFirst().getDescription())
        .isEqualTo("done after waiting");
  }

  @Test
  void aSlowCommandThatFailsTellsOnlyTheAskerAndRemovesItsPublicPlaceholder() {
    SlashCommandInteractionEvent event = slash("slowfail", ONCALL_ROLE);
    when(event.deferReply(false)).thenReturn(mock(ReplyCallbackAction.class, RETURNS_SELF));
    InteractionHook hook = hookOf(event);
    WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> edit = mockEdit(hook);
    succeeds(edit);
    WebhookMessageCreateAction<net.dv8tion.jda.api.entities.Message> followUp =
        mock(WebhookMessageCreateAction.class, RETURNS_SELF);
    succeeds(followUp);
    when(hook.sendMessage(any(MessageCreateData.class))).thenReturn(followUp);

    interactions(Duration.ofMillis(20)).onSlashCommandInteraction(event);

    verify(event, timeout(WAIT)).deferReply(false);
    slowMayFinish.countDown();
    verify(hook, timeout(WAIT)).deleteOriginal();
    ArgumentCaptor<MessageEditData> placeholder = ArgumentCaptor.forClass(MessageEditData.class);
    ArgumentCaptor<MessageCreateData> answer = ArgumentCaptor.forClass(MessageCreateData.class);
    // In this order: a follow-up sent while the placeholder is still "thinking" would fill it in,
    // in public.
    InOrder order = inOrder(hook, followUp);
    order.verify(hook).editOriginal(placeholder.capture());
    order.verify(hook).sendMessage(answer.capture());
    order.verify(followUp).setEphemeral(true);
    order.verify(hook).deleteOriginal();
    assertThat(placeholder.getValue().getEmbeds().getFirst().getFooter().getText())
        .isEqualTo("/slowfail: answered to Dana only");
    assertThat(answer.getValue().getEmbeds().getFirst().getDescription())
        .isEqualTo("the database did not answer in 5 s");
  }

  /**
   * A REST action that reports success to its callback at once, as JDA does once Discord answers.
   */
  @SuppressWarnings("unchecked")
  private static void succeeds(RestAction<?> action) {
    doAnswer(
            call -> {
              java.util.function.Consumer<Object> success = call.getArgument(0);
              if (success != null) {
                success.accept(null);
              }
              return null;
            })
        .when(action)
        .queue(any(), any());
  }

  @Test
  void someoneWithoutTheRoleIsRefusedWhereOnlyTheySeeIt() {
    SlashCommandInteractionEvent event = slash("slow", OTHER_ROLE);
    ReplyCallbackAction reply = replyOf(event);

    interactions(Duration.ofSeconds(30)).onSlashCommandInteraction(event);

    ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
    verify(event, timeout(WAIT)).reply(sent.capture());
    verify(reply, timeout(WAIT)).setEphemeral(true);
    assertThat(sent.getValue().getEmbeds().getFirst().getDescription())
        .startsWith("This needs the oncall role, and none of your Discord roles (ids ")
        .contains(OTHER_ROLE)
        .contains("config/opsbot.yaml under access.roles.oncall.discordRoles");
    assertThat(audit).singleElement().extracting(AuditEntry::outcome).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void aClickIsDeferredThenTheClickedMessageEditedInPlaceSayingWhoClicked() {
    ButtonInteractionEvent event =
        click("alert.ack|42", Button.success("alert.ack|42", "Acknowledge"), ONCALL_ROLE);
    InteractionHook hook = hookOf(event);
    mockEdit(hook);

    interactions(Duration.ofSeconds(30)).onButtonInteraction(event);

    verify(event).deferEdit();
    ArgumentCaptor<MessageEditData> edited = ArgumentCaptor.forClass(MessageEditData.class);
    verify(hook, timeout(WAIT)).editOriginal(edited.capture());
    MessageEmbed embed = edited.getValue().getEmbeds().getFirst();
    assertThat(embed.getDescription()).isEqualTo("Alert 42 acknowledged");
    assertThat(embed.getFooter().getText()).isEqualTo("Dana clicked \u201cAcknowledge\u201d");
    assertThat(edited.getValue().getComponents()).isEmpty();
    assertThat(audit)
        .singleElement()
        .satisfies(entry -> {
          assertThat(entry.action()).isEqualTo("click alert.ack");
          assertThat(entry.detail()).isEqualTo("value=42");
          assertThat(entry.platform()).isEqualTo("discord");
          assertThat(entry.outcome()).isEqualTo(Outcome.OK);
        });
  }

  @Test
  void aClickWithoutTheRoleLeavesTheMessageAndTellsOnlyTheClicker() {
    ButtonInteractionEvent event =
        click("alert.ack|42", Button.success("alert.ack|42", "Acknowledge"), OTHER_ROLE);
    InteractionHook hook = hookOf(event);
    WebhookMessageCreateAction<net.dv8tion.jda.api.entities.Message> followUp =
        mock(WebhookMessageCreateAction.class, RETURNS_SELF);
    when(hook.sendMessage(any(MessageCreateData.class))).thenReturn(followUp);

    interactions(Duration.ofSeconds(30)).onButtonInteraction(event);

    ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
    verify(hook, timeout(WAIT)).sendMessage(sent.capture());
    verify(followUp, timeout(WAIT)).setEphemeral(true);
    verify(hook, never()).editOriginal(any(MessageEditData.class));
    assertThat(sent.getValue().getEmbeds().getFirst().getDescription())
        .startsWith("This needs the oncall role");
    assertThat(audit).singleElement().extracting(AuditEntry::outcome).isEqualTo(Outcome.REFUSED);
  }

  @Test
  void aButtonNoCommandDeclaresSaysSoOnlyToTheClicker() {
    ButtonInteractionEvent event =
        click(
            "rollback.confirm|backend",
            Button.danger("rollback.confirm|backend", "Confirm"),
            ONCALL_ROLE);
    InteractionHook hook = hookOf(event);
    WebhookMessageCreateAction<net.dv8tion.jda.api.entities.Message> followUp =
        mock(WebhookMessageCreateAction.class, RETURNS_SELF);
    when(hook.sendMessage(any(MessageCreateData.class))).thenReturn(followUp);

    interactions(Duration.ofSeconds(30)).onButtonInteraction(event);

    ArgumentCaptor<MessageCreateData> sent = ArgumentCaptor.forClass(MessageCreateData.class);
    verify(hook, timeout(WAIT)).sendMessage(sent.capture());
    assertThat(sent.getValue().getEmbeds().getFirst().getDescription())
        .isEqualTo("This button (rollback.confirm) no longer does anything.");
  }

  // --- commands behind the router ---

  /** Answers at once with what it was given. */
  private static final class Echo implements Command {
    @Override
    public CommandSpec spec() {
      return new CommandSpec(
          "echo",
          "Echo",
          List.of(Argument.optional("service", "a service"), Argument.flag("fresh", "probe now")),
          CommandSpec.EVERYONE);
    }

    @Override
    public Message execute(CommandRequest request) {
      return Message.builder("echo").header("echo: " + request.argumentText()).build();
    }
  }

  /** Answers only once the test lets it, like a slow probe or query; needs the oncall role. */
  private record Slow(String name, CountDownLatch mayFinish, boolean fails) implements Command {
    @Override
    public CommandSpec spec() {
      return new CommandSpec(name, "Slow", List.of(), Role.ONCALL);
    }

    @Override
    public Message execute(CommandRequest request) {
      try {
        mayFinish.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (fails) {
        throw new dev.opsbot.command.CommandFailedException("the database did not answer in 5 s");
      }
      return Message.builder("done").text("done after waiting").build();
    }
  }

  /** A command whose messages carry a button, as the alert desk's do. */
  private static final class Acknowledging implements Command {
    @Override
    public CommandSpec spec() {
      return new CommandSpec("alerts", "Alerts", List.of(), CommandSpec.EVERYONE);
    }

    @Override
    public Message execute(CommandRequest request) {
      return Message.builder("alert")
          .buttons(List.of(new Block.Button("alert.ack", "Acknowledge", "42", Tone.GOOD)))
          .build();
    }

    @Override
    public List<ButtonAction> buttonActions() {
      return List.of(
          new ButtonAction() {
            @Override
            public String actionId() {
              return "alert.ack";
            }

            @Override
            public Role requiredRole() {
              return Role.ONCALL;
            }

            @Override
            public Message onClick(ButtonClick click) {
              return Message.builder("ack")
                  .text("Alert " + click.value() + " acknowledged")
                  .build();
            }
          });
    }
  }

  // --- JDA event objects ---

  private static SlashCommandInteractionEvent slash(
      String name, String role, OptionMapping... options) {
    SlashCommandInteractionEvent event = mock(SlashCommandInteractionEvent.class);
    when(event.getName()).thenReturn(name);
    when(event.getOptions()).thenReturn(List.of(options));
    who(event, role);
    return event;
  }

  private static ButtonInteractionEvent click(String customId, Button button, String role) {
    ButtonInteractionEvent event = mock(ButtonInteractionEvent.class);
    when(event.getComponentId()).thenReturn(customId);
    when(event.getButton()).thenReturn(button);
    when(event.deferEdit()).thenReturn(mock(MessageEditCallbackAction.class, RETURNS_SELF));
    who(event, role);
    return event;
  }

  private static void who(net.dv8tion.jda.api.interactions.Interaction event, String roleId) {
    User user = mock(User.class);
    when(user.getId()).thenReturn("222222222222222222");
    when(user.getName()).thenReturn("dana");
    Member member = mock(Member.class);
    when(member.getEffectiveName()).thenReturn("Dana");
    net.dv8tion.jda.api.entities.Role role = mock(net.dv8tion.jda.api.entities.Role.class);
    when(role.getId()).thenReturn(roleId);
    when(member.getUnsortedRoles()).thenReturn(Set.of(role));
    when(event.getUser()).thenReturn(user);
    when(event.getMember()).thenReturn(member);
    when(event.getChannelId()).thenReturn(CHANNEL);
  }

  private static ReplyCallbackAction replyOf(SlashCommandInteractionEvent event) {
    ReplyCallbackAction reply = mock(ReplyCallbackAction.class, RETURNS_SELF);
    when(event.reply(any(MessageCreateData.class))).thenReturn(reply);
    return reply;
  }

  private static InteractionHook hookOf(
      net.dv8tion.jda.api.interactions.callbacks.IDeferrableCallback event) {
    InteractionHook hook = mock(InteractionHook.class);
    when(event.getHook()).thenReturn(hook);
    @SuppressWarnings("unchecked")
    RestAction<Void> delete = mock(RestAction.class);
    when(hook.deleteOriginal()).thenReturn(delete);
    return hook;
  }

  @SuppressWarnings("unchecked")
  private static WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> mockEdit(
      InteractionHook hook) {
    WebhookMessageEditAction<net.dv8tion.jda.api.entities.Message> edit =
        mock(WebhookMessageEditAction.class, RETURNS_SELF);
    when(hook.editOriginal(any(MessageEditData.class))).thenReturn(edit);
    return edit;
  }

  private static OptionMapping text(String name, String value) {
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name);
    when(option.getType()).thenReturn(OptionType.STRING);
    when(option.getAsString()).thenReturn(value);
    return option;
  }

  private static OptionMapping flag(String name, boolean value) {
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name);
    when(option.getType()).thenReturn(OptionType.BOOLEAN);
    when(option.getAsBoolean()).thenReturn(value);
    return option;
  }
}
