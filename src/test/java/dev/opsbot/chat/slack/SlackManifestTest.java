package dev.opsbot.chat.slack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.opsbot.alert.AlertResponseCommand;
import dev.opsbot.alert.AlertsCommand;
import dev.opsbot.audit.AuditCommand;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.CommandSpec;
import dev.opsbot.probe.AureaCommand;
import dev.opsbot.probe.HealthCommand;
import dev.opsbot.sql.SqlCommand;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The app manifest an admin pastes into Slack must match the commands opsbot declares. */
class SlackManifestTest {
  @Test
  void manifestListsEveryProductionCommandWithItsUsageHint() throws Exception {
    JsonNode manifest =
        new ObjectMapper(new YAMLFactory())
            .readTree(Path.of("commands/slack-manifest.yaml").toFile());
    Map<String, String> hints = new LinkedHashMap<>();
    manifest
        .at("/features/slash_commands")
        .forEach(c -> hints.put(c.get("command").asText(), c.path("usage_hint").asText("")));

    List<CommandSpec> specs = productionSpecs();

    assertThat(hints.keySet())
        .containsExactlyInAnyOrderElementsOf(specs.stream().map(s -> "/" + s.name()).toList());
    for (CommandSpec spec : specs) {
      String usage = spec.usage().substring(spec.name().length() + 1).strip();
      assertThat(hints.get("/" + spec.name())).as("usage hint of /" + spec.name()).isEqualTo(usage);
    }
    assertThat(manifest.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
    assertThat(manifest.at("/settings/socket_mode_enabled").asBoolean()).isTrue();
    List<String> scopes =
        new ObjectMapper().convertValue(manifest.at("/oauth_config/scopes/bot"), List.class);
    assertThat(scopes)
        .contains(
            "commands",
            "chat:write",
            "files:write",
            "users:read",
            "usergroups:read",
            "usergroups:write",
            "channels:history",
            "groups:history",
            "channels:read",
            "groups:read");
  }

  @Test
  void theHttpModeManifestSendsEveryCommandAndEveryClickToOpsbotsEndpoint() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    JsonNode http = yaml.readTree(Path.of("commands/slack-manifest-http.yaml").toFile());
    JsonNode socket = yaml.readTree(Path.of("commands/slack-manifest.yaml").toFile());
    Map<String, JsonNode> commands = new LinkedHashMap<>();
    http.at("/features/slash_commands").forEach(c -> commands.put(c.get("command").asText(), c));
    String endpoint = http.at("/settings/interactivity/request_url").asText("");

    assertThat(endpoint).startsWith("https://").endsWith(SlackHttpServer.PATH);
    for (CommandSpec spec : productionSpecs()) {
      assertThat(commands)
          .as("/" + spec.name() + " in the HTTP manifest")
          .containsKey("/" + spec.name());
      assertThat(commands.get("/" + spec.name()).path("url").asText(""))
          .as("url of /" + spec.name())
          .isEqualTo(endpoint);
    }
    assertThat(http.at("/settings/interactivity/is_enabled").asBoolean()).isTrue();
    assertThat(http.at("/settings/socket_mode_enabled").asBoolean()).isFalse();
    // Apart from where Slack sends things, the two apps are the same app.
    for (JsonNode command : http.at("/features/slash_commands")) {
      ((com.fasterxml.jackson.databind.node.ObjectNode) command).remove("url");
    }
    ((com.fasterxml.jackson.databind.node.ObjectNode) http.at("/settings/interactivity"))
        .remove("request_url");
    ((com.fasterxml.jackson.databind.node.ObjectNode) http.get("settings"))
        .put("socket_mode_enabled", true);
    assertThat(http).isEqualTo(socket);
  }

  /** The commands of a running bot (the demo's /demo is not in the production app). */
  private static List<CommandSpec> productionSpecs() {
    List<CommandSpec> specs =
        new java.util.ArrayList<>(
            List.of(HealthCommand.SPEC, AureaCommand.SPEC, SqlCommand.SPEC, AuditCommand.SPEC));
    specs.add(AlertsCommand.SPEC);
    specs.add(dev.opsbot.oncall.OnCallCommand.SPEC);
    specs.add(dev.opsbot.alert.SilenceCommand.SPEC);
    specs.add(dev.opsbot.alert.MaintenanceCommand.SPEC);
    specs.add(dev.opsbot.rollback.RollbackCommand.SPEC);
    specs.add(dev.opsbot.rollback.RestartCommand.SPEC);
    specs.add(dev.opsbot.platform.LogsCommand.SPEC);
    specs.add(dev.opsbot.digest.DigestCommand.SPEC);
    for (AlertResponseCommand.Kind kind : AlertResponseCommand.Kind.values()) {
      specs.add(AlertResponseCommand.spec(kind));
    }
    specs.add(dev.opsbot.alert.PageCommand.SPEC);
    specs.add(dev.opsbot.alert.TimelineCommand.SPEC);
    specs.addAll(CommandRouter.withHelp(List.of()).specs());
    return specs;
  }
}
