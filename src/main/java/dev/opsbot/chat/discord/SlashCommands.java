package dev.opsbot.chat.discord;

import dev.opsbot.command.Argument;
import dev.opsbot.command.CommandSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.dv8tion.jda.api.interactions.IntegrationType;
import net.dv8tion.jda.api.interactions.InteractionContextType;
import net.dv8tion.jda.api.interactions.commands.OptionMapping;
import net.dv8tion.jda.api.interactions.commands.OptionType;
import net.dv8tion.jda.api.interactions.commands.build.Commands;
import net.dv8tion.jda.api.interactions.commands.build.OptionData;
import net.dv8tion.jda.api.interactions.commands.build.SlashCommandData;

/**
 * Discord slash commands from the commands' own declarations: one option per argument (a string for
 * values and text, a true/false choice for each {@code --flag}), and the way back from the options
 * Discord sends to the argument text the router parses, as if typed.
 */
public final class SlashCommands {
  static final int MAX_DESCRIPTION = 100;
  private static final Pattern VALID_NAME = Pattern.compile("[-_a-z0-9]{1,32}");
  private static final Pattern NAME_START = Pattern.compile("^[-_a-z0-9]+");

  private SlashCommands() {}

  /** The registration of every command whose name Discord accepts. */
  public static List<SlashCommandData> of(List<CommandSpec> specs) {
    List<SlashCommandData> commands = new ArrayList<>();
    for (CommandSpec spec : specs) {
      if (!VALID_NAME.matcher(spec.name()).matches()) {
        throw new IllegalStateException(
            "/"
                + spec.name()
                + " cannot be a Discord command: names are 1-32 of a-z, 0-9, - and _");
      }
      // Servers only: roles, channels and alert threads are a server's; a DM has none of them.
      SlashCommandData command =
          Commands.slash(spec.name(), description(spec.summary(), spec.name()))
              .setContexts(InteractionContextType.GUILD)
              .setIntegrationTypes(IntegrationType.GUILD_INSTALL);
      // Discord wants required options before optional ones; the typed order is rebuilt from the
      // declaration, so registering in another order changes nothing for the router.
      spec.arguments().stream()
          .sorted(Comparator.comparing(a -> !isRequired(a)))
          .map(SlashCommands::option)
          .forEach(command::addOptions);
      commands.add(command);
    }
    return commands;
  }

  /** The Discord option name of an argument: its first word, lower case. */
  static String optionName(Argument argument) {
    var match = NAME_START.matcher(argument.name().strip().toLowerCase(Locale.ROOT));
    String name = match.find() ? match.group() : "value";
    return name.length() > 32 ? name.substring(0, 32) : name;
  }

  /**
   * The argument text of a slash command, in the declared order, as the router expects it typed:
   * values as given, {@code --flag} for each flag set to true.
   */
  public static String argumentText(CommandSpec spec, List<OptionMapping> options) {
    List<String> words = new ArrayList<>();
    for (Argument argument : spec.arguments()) {
      String name = optionName(argument);
      OptionMapping option =
          options.stream().filter(o -> o.getName().equals(name)).findFirst().orElse(null);
      if (option == null) {
        continue;
      }
      switch (argument.kind()) {
        case FLAG -> {
          if (option.getAsBoolean()) {
            words.add("--" + argument.name());
          }
        }
        case VALUE, TEXT -> {
          String value = option.getAsString().strip();
          if (!value.isEmpty()) {
            words.add(value);
          }
        }
      }
    }
    return String.join(" ", words);
  }

  private static OptionData option(Argument argument) {
    OptionType type =
        argument.kind() == Argument.Kind.FLAG ? OptionType.BOOLEAN : OptionType.STRING;
    return new OptionData(
        type,
        optionName(argument),
        description(argument.description(), argument.name()),
        isRequired(argument));
  }

  private static boolean isRequired(Argument argument) {
    return argument.kind() != Argument.Kind.FLAG && argument.required();
  }

  private static String description(String text, String fallback) {
    String line = DiscordText.oneLine(DiscordText.isBlank(text) ? fallback : text);
    return DiscordText.truncate(line, MAX_DESCRIPTION);
  }
}
