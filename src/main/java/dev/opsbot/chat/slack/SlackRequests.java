package dev.opsbot.chat.slack;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.app_backend.slash_commands.payload.SlashCommandPayload;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.request.builtin.SSLCheckRequest;
import com.slack.api.bolt.request.builtin.SlashCommandRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A verified body made into Bolt's request, or refused with what is wrong with it: opsbot takes
 * slash commands and button clicks (block_actions), form-encoded, with the fields it acts on.
 * Bolt's own parser is not used: it logs bodies it does not recognise and throws on wrong types.
 */
final class SlackRequests {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern COMMAND = Pattern.compile("/[^\\s\\p{Cntrl}/]{1,31}");
  private static final Pattern GSON_PATH = Pattern.compile("path (\\$[\\w.\\[\\]]{0,80})");
  // Names safe to repeat in an answer and a log line: they come from this list, not the body.
  private static final Set<String> KNOWN_FIELDS =
      Set.of(
          "token",
          "team_id",
          "team_domain",
          "enterprise_id",
          "enterprise_name",
          "api_app_id",
          "channel_id",
          "channel_name",
          "user_id",
          "user_name",
          "command",
          "text",
          "response_url",
          "trigger_id",
          "is_enterprise_install",
          "payload",
          "ssl_check");

  private SlackRequests() {}

  /** A 400: the reason names what is wrong without quoting the body. */
  private static Refusal malformed(String reason) {
    return new Refusal(400, reason);
  }

  static Request<?> parse(String contentType, String body, RequestHeaders headers) throws Refusal {
    if (contentType == null
        || !contentType.strip().toLowerCase().startsWith("application/x-www-form-urlencoded")) {
      throw malformed(
          "expected a form body (Content-Type: application/x-www-form-urlencoded): opsbot takes"
              + " slash commands and button clicks");
    }
    Map<String, String> form = decodeForm(body);
    if (form.containsKey("payload")) {
      return click(body, form.get("payload"), headers);
    }
    if (form.containsKey("command")) {
      return command(body, form, headers);
    }
    if (form.containsKey("ssl_check")) {
      return new SSLCheckRequest(body, headers);
    }
    throw malformed(
        "neither a slash command (no command field) nor an interaction (no payload field)");
  }

  static Map<String, String> decodeForm(String body) throws Refusal {
    Map<String, String> fields = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return fields;
    }
    for (String pair : body.split("&", -1)) {
      if (pair.isEmpty()) {
        continue;
      }
      int equals = pair.indexOf('=');
      String name = decode(equals < 0 ? pair : pair.substring(0, equals));
      String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
      if (fields.putIfAbsent(name, value) != null) {
        throw malformed(
            (KNOWN_FIELDS.contains(name) ? "the field " + name : "a field")
                + " appears more than once");
      }
    }
    return fields;
  }

  private static String decode(String text) throws Refusal {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw malformed("bad form encoding: a % is not followed by two hex digits");
    }
  }

  private static Request<?> command(String body, Map<String, String> form, RequestHeaders headers)
      throws Refusal {
    String command = form.get("command");
    if (!COMMAND.matcher(command).matches()) {
      throw malformed("command is not a slash command name such as /health");
    }
    SlashCommandPayload payload = new SlashCommandPayload();
    payload.setCommand(command);
    payload.setText(form.getOrDefault("text", ""));
    payload.setUserId(required(form, "user_id"));
    payload.setUserName(form.get("user_name"));
    payload.setChannelId(required(form, "channel_id"));
    payload.setChannelName(form.get("channel_name"));
    payload.setResponseUrl(required(form, "response_url"));
    payload.setTriggerId(form.get("trigger_id"));
    payload.setTeamId(form.get("team_id"));
    payload.setTeamDomain(form.get("team_domain"));
    payload.setEnterpriseId(form.get("enterprise_id"));
    payload.setEnterpriseName(form.get("enterprise_name"));
    payload.setApiAppId(form.get("api_app_id"));
    payload.setToken(form.get("token"));
    payload.setEnterpriseInstall("true".equals(form.get("is_enterprise_install")));
    return new SlashCommandRequest(body, payload, headers);
  }

  private static String required(Map<String, String> form, String field) throws Refusal {
    String value = form.get(field);
    if (value == null || value.isBlank()) {
      throw malformed("a slash command needs " + field + ", and it is missing or empty");
    }
    return value;
  }

  private static Request<?> click(String body, String json, RequestHeaders headers) throws Refusal {
    JsonNode payload;
    try {
      payload = JSON.readTree(json);
    } catch (JacksonException e) {
      throw malformed("payload is not JSON");
    }
    if (payload == null || !payload.isObject()) {
      throw malformed("payload is not a JSON object");
    }
    JsonNode type = payload.get("type");
    if (type == null || !type.isTextual()) {
      throw malformed("payload.type is missing or not a string");
    }
    if (!"block_actions".equals(type.asText())) {
      throw malformed("opsbot takes only block_actions interactions (button clicks)");
    }
    text(payload.path("user"), "id", "payload.user.id");
    text(payload, "response_url", "payload.response_url");
    JsonNode channel = payload.get("channel");
    if (channel != null && !channel.isNull()) {
      text(channel, "id", "payload.channel.id");
    }
    JsonNode actions = payload.get("actions");
    if (actions == null || !actions.isArray() || actions.isEmpty()) {
      throw malformed("payload.actions is missing, empty or not a list");
    }
    for (JsonNode action : actions) {
      text(action, "action_id", "payload.actions[].action_id");
    }
    try {
      return new BlockActionRequest(body, json, headers);
    } catch (RuntimeException e) {
      throw malformed(
          "a field of the payload has the wrong type for a Slack interaction" + where(e));
    }
  }

  private static void text(JsonNode parent, String field, String name) throws Refusal {
    JsonNode value = parent.isObject() ? parent.get(field) : null;
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw malformed(name + " is missing, empty or not a string");
    }
  }

  /** Gson's path to the field it choked on, such as " (at $.team)"; its field names are Bolt's. */
  private static String where(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      Matcher path = cause.getMessage() == null ? null : GSON_PATH.matcher(cause.getMessage());
      if (path != null && path.find()) {
        return " (at " + path.group(1) + ")";
      }
    }
    return "";
  }
}
