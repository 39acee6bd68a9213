package dev.opsbot.chat.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.opsbot.alert.AlertResponseCommand;
import dev.opsbot.alert.AlertsCommand;
import dev.opsbot.audit.AuditCommand;
import dev.opsbot.command.Argument;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.probe.AureaCommand;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.sql.SqlCommand;
import java.util.ArrayList;
import java.util.List;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;
import org.junit.jupiter.api.Test;

/**
 * The slash commands registered with Discord are the commands opsbot declares, option for option.
 */
class SlashCommandsTest {
  @Test
  void everyRouterCommandIsRegisteredWithOneOptionPerArgument() {
    List<CommandSpec> specs = productionSpecs();

    List<SlashCommandData> registered = SlashCommands.of(specs);

    assertThat(registered)
        .extracting(SlashCommandData::getName)
        .containsExactlyElementsOf(specs.stream().map(CommandSpec::name).toList());
    for (int i = 0; i < specs.size(); i++) {
      CommandSpec spec = specs.get(i);
      SlashCommandData command = registered.get(i);
      assertThat(command.getDescription()).as("/" + spec.name()).isEqualTo(spec.summary());
      assertThat(command.getContexts())
          .containsExactly(net.dv8tion.jda.api.interactions.InteractionContextType.GUILD);
      assertThat(command.getOptions())
          .as("options of /" + spec.name())
          .hasSameSizeAs(spec.arguments());
      for (Argument argument : spec.arguments()) {
        OptionData option =
            command.getOptions().stream()
                .filter(o -> o.getName().equals(SlashCommands.optionName(argument)))
                .findFirst()
                .orElseThrow(() -> new AssertionError("/" + spec.name() + " lacks " + argument));
        assertThat(option.getType())
            .isEqualTo(
                argument.kind() == Argument.Kind.FLAG ? OptionType.BOOLEAN : OptionType.STRING);
        assertThat(option.isRequired())
            .isEqualTo(argument.kind() != Argument.Kind.FLAG && argument.required());
        assertThat(option.getDescription()).isEqualTo(argument.description());
      }
      // JDA's own checks of what Discord accepts (names, lengths, required before optional).
      assertThat(command.toData().toJson()).isNotEmpty();
    }
  }

  @Test
  void theOptionsDiscordSendsBecomeTheArgumentTextAsIfTyped() {
    assertThat(
            SlashCommands.argumentText(
                HealthCommand.SPEC, List.of(string("service", "backend"), bool("fresh", true))))
        .isEqualTo("backend --fresh");
    assertThat(SlashCommands.argumentText(HealthCommand.SPEC, List.of(bool("fresh", false))))
        .isEmpty();
    assertThat(
            SlashCommands.argumentText(
                AlertResponseCommand.spec(AlertResponseCommand.Kind.SNOOZE),
                // Discord sends options in any order; the declaration fixes it.
                List.of(string("duration", "2h"), string("id", "7"))))
        .isEqualTo("7 2h");
    assertThat(
            SlashCommands.argumentText(
                SqlCommand.SPEC, List.of(string("query", "select 1 -- --fresh"))))
        .isEqualTo("select 1 -- --fresh");
  }

  @Test
  void aRequiredArgumentAfterAnOptionalOneIsRegisteredFirstButTypedInItsPlace() {
    CommandSpec spec =
        new CommandSpec(
            "deploy",
            "x".repeat(150),
            List.of(Argument.optional("env", "where"), Argument.required("service", "what")),
            CommandSpec.EVERYONE);

    SlashCommandData command = SlashCommands.of(List.of(spec)).getFirst();

    assertThat(command.getOptions())
        .extracting(OptionData::getName)
        .containsExactly("service", "env");
    assertThat(command.getDescription()).hasSize(100).endsWith("...");
    assertThat(
            SlashCommands.argumentText(
                spec, List.of(string("service", "backend"), string("env", "prod"))))
        .isEqualTo("prod backend");
  }

  @Test
  void aCommandNameDiscordRefusesStopsStartUpNamingIt() {
    CommandSpec spec = new CommandSpec("Health Check", "x", List.of(), CommandSpec.EVERYONE);

    assertThatThrownBy(() -> SlashCommands.of(List.of(spec)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("/Health Check cannot be a Discord command");
  }

  /** The commands of a running bot, as SlackManifestTest lists them. */
  private static List<CommandSpec> productionSpecs() {
    List<CommandSpec> specs =
        new ArrayList<>(
            List.of(HealthCommand.SPEC, AureaCommand.SPEC, SqlCommand.SPEC, AuditCommand.SPEC));
    specs.add(AlertsCommand.SPEC);
    specs.add(dev.opsbot.oncall.OnCallCommand.SPEC);
    specs.add(dev.opsbot.alert.SilenceCommand.SPEC);
    specs.add(dev.opsbot.alert.MaintenanceCommand.SPEC);
    for (AlertResponseCommand.Kind kind : AlertResponseCommand.Kind.values()) {
      specs.add(AlertResponseCommand.spec(kind));
    }
    specs.add(dev.opsbot.alert.PageCommand.SPEC);
    specs.add(dev.opsbot.alert.TimelineCommand.SPEC);
    specs.addAll(CommandRouter.withHelp(List.of()).specs());
    return specs;
  }

  private static OptionMapping string(String name, String value) {
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name);
    when(option.getAsString()).thenReturn(value);
    return option;
  }

  private static OptionMapping bool(String name, boolean value) {
    OptionMapping option = mock(OptionMapping.class);
    when(option.getName()).thenReturn(name);
    when(option.getAsBoolean()).thenReturn(value);
    return option;
  }
}
