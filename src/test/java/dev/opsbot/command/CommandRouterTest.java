package dev.opsbot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.Visibility;
import dev.opsbot.chat.console.ConsoleRenderer;
import dev.opsbot.config.Secret;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CommandRouterTest {
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  /** A command that records what it was asked and answers as told. */
  private static final class Echo implements Command {
    private final String name;
    private final AtomicReference<CommandRequest> last = new AtomicReference<>();
    private RuntimeException failure;

    Echo(String name) {
      this.name = name;
    }

    @Override
    public CommandSpec spec() {
      return new CommandSpec(
          name,
          "Echo the arguments",
          List.of(Argument.required("word", "what to echo"), Argument.flag("loud", "shout")),
          CommandSpec.EVERYONE);
    }

    @Override
    public Message execute(CommandRequest request) {
      last.set(request);
      if (failure != null) {
        throw failure;
      }
      if (request.arguments().isEmpty()) {
        throw new UsageException("say what to echo");
      }
      return Message.builder(request.argument(0)).text(request.argument(0)).build();
    }
  }

  @Test
  void twoCommandsWithOneNameAreRefusedAtStartUp() {
    assertThatThrownBy(() -> new CommandRouter(List.of(new Echo("echo"), new Echo("echo"))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("two commands are named /echo");
  }

  @Test
  void argumentsFlagsAndCallerReachTheCommand() {
    Echo echo = new Echo("echo");
    CommandRouter router = CommandRouter.withHelp(List.of(echo));

    Message reply = router.handle("  /echo  hello   --loud ", USER);

    assertThat(reply.fallbackText()).isEqualTo("hello");
    assertThat(echo.last.get().arguments()).containsExactly("hello");
    assertThat(echo.last.get().flag("loud")).isTrue();
    assertThat(echo.last.get().caller()).isEqualTo(USER);
    assertThat(echo.last.get().text()).isEqualTo("/echo hello --loud");
  }

  @Test
  void unknownCommandIsNamedWithTheClosestAndAPointerToHelp() {
    Message reply = CommandRouter.withHelp(List.of(new Echo("echo"))).handle("/ecko hi", USER);

    assertThat(reply.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(reply.fallbackText())
        .isEqualTo(
            "Unknown command /ecko. Did you mean /echo? Type /help for the list of commands.");
  }

  @Test
  void unknownOptionGetsTheUsageLine() {
    Message reply =
        CommandRouter.withHelp(List.of(new Echo("echo"))).handle("/echo hi --quiet", USER);

    assertThat(reply.fallbackText())
        .isEqualTo("unknown option --quiet. Usage: /echo <word> [--loud]");
  }

  @Test
  void usageProblemIsAnsweredWithTheUsageLine() {
    Message reply = CommandRouter.withHelp(List.of(new Echo("echo"))).handle("/echo", USER);

    assertThat(reply.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(reply.fallbackText()).isEqualTo("say what to echo. Usage: /echo <word> [--loud]");
  }

  @Test
  void failingCommandAnswersWithoutLeakingASecret() {
    Secret secret = Secret.of("sk-live-0123456789");
    Echo echo = new Echo("echo");
    echo.failure = new IllegalStateException("upstream rejected key " + secret.reveal());

    Message reply = CommandRouter.withHelp(List.of(echo)).handle("/echo hi", USER);

    assertThat(reply.fallbackText())
        .isEqualTo("/echo failed: upstream rejected key ******. The details are in opsbot's log.")
        .doesNotContain("sk-live");
  }

  @Test
  void helpIsGeneratedFromTheDeclarations() {
    CommandRouter router = CommandRouter.withHelp(List.of(new Echo("echo")));

    String help = new ConsoleRenderer().render(router.handle("/help", USER));

    assertThat(help).contains("/echo <word> [--loud]", "Echo the arguments", "/help");
    assertThat(router.specs()).extracting(CommandSpec::name).containsExactly("echo", "help");
  }
}
