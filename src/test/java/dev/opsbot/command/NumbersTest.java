package dev.opsbot.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.alert.AlertResponseCommand;
import dev.opsbot.alert.AlertsCommand;
import dev.opsbot.rollback.RollbackCommand;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Ids and counts are read with the digits 0-9 only, whatever other scripts call a digit. */
class NumbersTest {
  /** Three in Arabic-Indic, Extended Arabic-Indic, Devanagari, Bengali, fullwidth and Thai. */
  private static final List<String> FOREIGN_THREES =
      List.of("\u0663", "\u06f3", "\u0969", "\u09e9", "\uff13", "\u0e53", "1\u0663", "#\u0663");

  @Test
  void asciiDigitsAreNumbersOtherScriptsDigitsAreNot() {
    assertThat(Numbers.parseLong("42")).isEqualTo(42);
    assertThat(Numbers.parseLong("-7")).isEqualTo(-7);
    assertThat(Numbers.parseInt("100")).isEqualTo(100);
    for (String three : FOREIGN_THREES) {
      assertThat(Long.parseLong(three.replace("#", "").replace("1", "")))
          .as("the JDK reads %s as a digit", three)
          .isEqualTo(3);
      assertThatThrownBy(() -> Numbers.parseLong(three)).isInstanceOf(NumberFormatException.class);
    }
    for (String bad : List.of("", " 1", "1 ", "+1", "0x10", "1e3", "99999999999999999999")) {
      assertThatThrownBy(() -> Numbers.parseLong(bad)).isInstanceOf(NumberFormatException.class);
    }
    assertThatThrownBy(() -> Numbers.parseInt("3000000000"))
        .isInstanceOf(NumberFormatException.class);
  }

  @Test
  void alertAndPlanNumbersInOtherScriptsAreUsageErrorsNotIds() {
    // No desk and no rollback service: an id that got through would fail on null, not as usage.
    List<Command> commands = new ArrayList<>(AlertResponseCommand.all(null));
    commands.add(new RollbackCommand(null));
    commands.add(new AlertsCommand(null, Clock.systemUTC()));
    CommandRouter router = CommandRouter.withHelp(commands);
    Caller caller = Caller.console("U0ONCALL");

    for (String three : FOREIGN_THREES) {
      assertThat(router.handle("/ack " + three, caller).fallbackText())
          .isEqualTo(
              "'" + three + "' is not an alert number: /alerts lists them. Usage: /ack <id>");
      assertThat(router.handle("/resolve " + three, caller).fallbackText())
          .startsWith("'" + three + "' is not an alert number");
      assertThat(router.handle("/snooze " + three + " 1h", caller).fallbackText())
          .startsWith("'" + three + "' is not an alert number");
      assertThat(router.handle("/rollback confirm " + three, caller).fallbackText())
          .startsWith("'" + three + "' is not a plan number");
      assertThat(router.handleClick(new ButtonClick("alert.ack", three, caller)).fallbackText())
          .startsWith("this button names no alert");
    }
  }

  @Test
  void theConsoleSignsWithTheUserItActsAs() {
    Caller caller = Caller.console("U0ONCALL");

    assertThat(caller.userName()).isEqualTo("U0ONCALL");
    assertThat(caller.userId()).isEqualTo("U0ONCALL");
  }
}
