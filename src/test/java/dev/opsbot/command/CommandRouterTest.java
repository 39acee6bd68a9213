package dev.opsbot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.access.Role;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.chat.Visibility;
import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.RoleGrant;
import dev.opsbot.config.Secret;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CommandRouterTest {
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  /** A command that records what it was asked and answers as told. */
  private static class Echo implements Command {
    private final String name;
    private final AtomicReference<CommandRequest> last = new AtomicReference<>();
    private RuntimeException failure;
    private java.util.function.Supplier<Message> action;

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
      if (action != null) {
        return action.get();
      }
      if (request.arguments().isEmpty()) {
        throw new UsageException("say what to echo");
      }
      return Message.builder(request.argument(0)).text(request.argument(0)).build();
    }
  }

  @Test
  void twoCommandsWithOneNameAreRefusedAtStartUp() {
    assertThatThrownBy(() -> CommandRouter.withHelp(List.of(new Echo("echo"), new Echo("echo"))))
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
    assertThat(echo.last.get().text()).isEqualTo("/echo hello   --loud");
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
        .startsWith("/echo failed: upstream rejected key ******. The details are in opsbot's log,")
        .containsPattern("incident [0-9a-f]+\\.$")
        .doesNotContain("sk-live");
  }

  @Test
  void helpIsGeneratedFromTheDeclarations() {
    CommandRouter router = CommandRouter.withHelp(List.of(new Echo("echo")));

    String help = new PlainTextRenderer().render(router.handle("/help", USER));

    assertThat(help).contains("/echo <word> [--loud]", "Echo the arguments", "/help");
    assertThat(router.specs()).extracting(CommandSpec::name).containsExactly("echo", "help");
  }

  @Test
  void callerWithoutTheRoleIsRefusedWithWhereTheRoleIsGranted() {
    Echo echo =
        new Echo("echo") {
          @Override
          public CommandSpec spec() {
            return new CommandSpec(
                "echo", "Echo", List.of(Argument.optional("word", "w")), Role.ONCALL);
          }
        };
    List<AuditEntry> audit = new java.util.ArrayList<>();
    AccessConfig config =
        new AccessConfig(Map.of("oncall", new RoleGrant(List.of("U0ONCALL"), null, null, null)));
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(echo),
            new AccessPolicy(config, GroupDirectory.NONE, "config/opsbot.yaml"),
            AuditTrail.commands(audit::add),
            Clock.systemUTC());

    Message refused = router.handle("/echo hi", USER);
    Message allowed = router.handle("/echo hi", new Caller("slack", "U0ONCALL", "olga", "C1"));

    assertThat(refused.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(refused.fallbackText())
        .contains("needs the oncall role")
        .contains("config/opsbot.yaml under access.roles.oncall");
    assertThat(echo.last.get().caller().userId()).isEqualTo("U0ONCALL");
    assertThat(allowed.fallbackText()).isEqualTo("hi");
    assertThat(audit)
        .extracting(AuditEntry::userId, AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("U1", "/echo hi", Outcome.REFUSED),
            org.assertj.core.groups.Tuple.tuple("U0ONCALL", "/echo hi", Outcome.OK));
  }

  @Test
  void everyCommandIsAuditedWithItsOutcomeAndSecretsMasked() {
    Secret secret = Secret.of("tok-9f8e7d6c5b4a");
    List<AuditEntry> audit = new java.util.ArrayList<>();
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(new Echo("echo")),
            AccessPolicy.allowAll(),
            AuditTrail.commands(audit::add),
            Clock.systemUTC());

    router.handle("/echo " + secret.reveal(), USER);
    router.handle("/echo", USER);
    router.handle("/nope", USER);

    assertThat(audit)
        .extracting(AuditEntry::action, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("/echo ******", Outcome.OK),
            org.assertj.core.groups.Tuple.tuple("/echo", Outcome.ERROR),
            org.assertj.core.groups.Tuple.tuple("/nope", Outcome.ERROR));
    assertThat(audit.getFirst().platform()).isEqualTo("test");
    assertThat(audit.getFirst().channel()).isEqualTo("C1");
    assertThat(audit.getFirst().duration()).isNotNull();
  }

  @Test
  void textCommandsGetTheLineAsTypedWithoutFlagParsing() {
    AtomicReference<CommandRequest> seen = new AtomicReference<>();
    Command sql =
        new Command() {
          @Override
          public CommandSpec spec() {
            return new CommandSpec("sql", "SQL", List.of(Argument.text("query", "q")), Role.VIEWER);
          }

          @Override
          public Message execute(CommandRequest request) {
            seen.set(request);
            return Message.ephemeral("ran");
          }
        };

    CommandRouter.withHelp(List.of(sql)).handle("/sql SELECT  'a  b' -- --fresh", USER);

    assertThat(seen.get().argumentText()).isEqualTo("SELECT  'a  b' -- --fresh");
  }

  /** Recursion without end: what a deep parser does with a long chain of operators. */
  private static int recurse(int depth) {
    return recurse(depth + 1) + 1;
  }

  private static Map<String, java.util.function.Supplier<Message>> throwingEverything() {
    Map<String, java.util.function.Supplier<Message>> kinds = new java.util.LinkedHashMap<>();
    kinds.put("StackOverflowError", () -> Message.ephemeral("" + recurse(0)));
    kinds.put(
        "OutOfMemoryError",
        () ->
            Message.ephemeral(
                "" + new long[Integer.MAX_VALUE - 16][Integer.MAX_VALUE - 16].length));
    kinds.put(
        "AssertionError",
        () -> {
          throw new AssertionError("cannot happen");
        });
    kinds.put(
        "NoClassDefFoundError",
        () -> {
          throw new NoClassDefFoundError("com/example/Missing");
        });
    kinds.put(
        "ExceptionInInitializerError",
        () -> {
          throw new ExceptionInInitializerError("static init");
        });
    kinds.put(
        "NullPointerException",
        () -> {
          throw new NullPointerException();
        });
    kinds.put("IOException", () -> sneaky(new java.io.IOException("checked, undeclared")));
    return kinds;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> Message sneaky(Throwable e) throws T {
    throw (T) e;
  }

  @Test
  void everyThrowableOfACommandIsAnAnswerAndAnAuditRowNotTheEndOfTheProcess() {
    throwingEverything()
        .forEach((kind, action) -> {
          Echo echo = new Echo("echo");
          echo.action = action;
          List<AuditEntry> audit = new java.util.ArrayList<>();
          CommandRouter router =
              CommandRouter.withHelp(
                  List.of(echo),
                  AccessPolicy.allowAll(),
                  AuditTrail.commands(audit::add),
                  Clock.systemUTC());

          Message reply = router.handle("/echo boom", USER);

          assertThat(reply.visibility()).as(kind).isEqualTo(Visibility.EPHEMERAL);
          assertThat(reply.fallbackText())
              .as(kind)
              .startsWith("/echo failed")
              .doesNotContain("failed: null")
              .containsPattern("incident [0-9a-f]+\\.$");
          assertThat(audit)
              .as(kind)
              .singleElement()
              .satisfies(entry -> {
                assertThat(entry.action()).isEqualTo("/echo boom");
                assertThat(entry.outcome()).isEqualTo(Outcome.ERROR);
                assertThat(entry.detail()).startsWith(kind + " incident=");
              });
          assertThat(router.handle("/help", USER).fallbackText()).as(kind).isNotBlank();
        });
  }

  @Test
  void anErrorIsNamedToTheUserWithoutItsInternals() {
    Echo echo = new Echo("echo");
    echo.action = () -> Message.ephemeral("" + recurse(0));

    String answer = CommandRouter.withHelp(List.of(echo)).handle("/echo x", USER).fallbackText();

    assertThat(answer)
        .matches(
            "/echo failed: internal error \\(StackOverflowError\\), logged as incident [0-9a-f]+\\.");
  }

  @Test
  void everyThrowableOfAButtonIsAnAnswerAndAnAuditRow() {
    throwingEverything()
        .forEach((kind, action) -> {
          Command withButton =
              new Echo("echo") {
                @Override
                public List<ButtonAction> buttonActions() {
                  return List.of(ButtonAction.of("boom", Role.VIEWER, click -> action.get()));
                }
              };
          List<AuditEntry> audit = new java.util.ArrayList<>();
          CommandRouter router =
              CommandRouter.withHelp(
                  List.of(withButton),
                  AccessPolicy.allowAll(),
                  AuditTrail.commands(audit::add),
                  Clock.systemUTC());

          Message reply = router.handleClick(new ButtonClick("boom", "1", USER));

          assertThat(reply.visibility()).as(kind).isEqualTo(Visibility.EPHEMERAL);
          assertThat(reply.fallbackText()).as(kind).contains("boom").contains("incident");
          assertThat(audit)
              .as(kind)
              .singleElement()
              .satisfies(entry -> assertThat(entry.outcome()).isEqualTo(Outcome.ERROR));
        });
  }

  @Test
  void aHugeUnknownCommandIsNotRepeatedWhole() {
    List<AuditEntry> audit = new java.util.ArrayList<>();
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(new Echo("echo")),
            AccessPolicy.allowAll(),
            AuditTrail.commands(audit::add),
            Clock.systemUTC());

    Message reply = router.handle("/" + "x".repeat(1_000_000), USER);

    assertThat(reply.fallbackText()).startsWith("Unknown command /xxx").hasSizeLessThan(200);
    assertThat(audit).singleElement().extracting(AuditEntry::outcome).isEqualTo(Outcome.ERROR);
  }
}
