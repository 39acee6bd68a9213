package dev.opsbot.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks alert rules against the fleet they watch: every problem names the file, the rule ({@code
 * rules[2] (id error-rate).severity}) and what to change.
 */
public final class AlertRulesValidator {
  public static final List<String> SEVERITIES = Severity.ids();
  public static final List<String> STATUSES = List.of("DOWN", "DEGRADED");
  private static final Pattern RULE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,59}");

  /**
   * A runbook name: the file name in alerts/runbooks without .md; it cannot leave the directory.
   */
  public static final Pattern RUNBOOK_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

  private final String file;

  /** The endpoint of a Render service's memory and CPU, as the platform reports them. */
  public static final String PLATFORM_ENDPOINT = "platform";

  /** Its fields. */
  public static final java.util.Set<String> PLATFORM_FIELDS =
      java.util.Set.of("memoryPercent", "memoryMb", "memoryLimitMb", "cpu");

  private final String fleetFile;
  private final OpsbotConfig fleet;
  private final Predicate<String> runbookExists;
  private final List<Problem> problems;
  private final List<String> alreadyReported;

  /**
   * @param file the rules file, as problems name it
   * @param fleetFile the main configuration file the rules are checked against
   * @param runbookExists whether a runbook of that name (without .md) is there to attach
   */
  public AlertRulesValidator(
      String file,
      String fleetFile,
      OpsbotConfig fleet,
      Predicate<String> runbookExists,
      List<Problem> problems) {
    this.file = file;
    this.fleetFile = fleetFile;
    this.fleet = fleet;
    this.runbookExists = runbookExists;
    this.problems = problems;
    // A key that failed to read is left empty: the problem saying why is enough.
    this.alreadyReported =
        problems.stream().filter(p -> p.file().equals(file)).map(Problem::path).toList();
  }

  /** Runbooks are the Markdown files of {@code directory}. */
  public static Predicate<String> runbooksIn(Path directory) {
    return name -> Files.isRegularFile(directory.resolve(name + ".md"));
  }

  /** Runbooks are the Markdown resources under {@code resourceDirectory} (in the jar). */
  public static Predicate<String> bundledRunbooks(String resourceDirectory) {
    return name ->
        AlertRulesValidator.class.getResource(resourceDirectory + "/" + name + ".md") != null;
  }

  /** How problems name a rule: its place in the list and, when it has one, its id. */
  public static String rulePath(int index, String id) {
    return "rules[" + index + "]" + (id == null || id.isBlank() ? "" : " (id " + id + ")");
  }

  public void validate(AlertRules rules) {
    validateDefaults(rules.defaults());
    String discordMention = rules.escalation().discordMention();
    if (discordMention != null && !discordMention.matches("<@[&!]?\\d{1,20}>")) {
      problem(
          "escalation.discordMention",
          "'"
              + discordMention
              + "' is not a Discord mention: write the on-call role as <@&role id> (Server"
              + " Settings > Roles, right-click the role > Copy Role ID)");
    }
    rules
        .escalation()
        .policies()
        .keySet()
        .forEach(severity -> {
          if (!SEVERITIES.contains(severity)) {
            problem(
                "escalation.policies." + severity,
                "unknown severity '"
                    + severity
                    + "': name a policy for "
                    + String.join(", ", SEVERITIES));
          }
        });
    List<String> addresses = rules.escalation().email();
    for (int i = 0; i < addresses.size(); i++) {
      if (!addresses.get(i).matches("[^@\\s]+@[^@\\s]+")) {
        problem(
            "escalation.email[" + i + "]",
            "'" + addresses.get(i) + "' is not an email address: write oncall@example.com");
      }
    }
    rules
        .routes()
        .forEach((severity, channel) -> {
          if (!SEVERITIES.contains(severity)) {
            problem(
                "routes." + severity,
                "unknown severity '" + severity + "': route " + String.join(", ", SEVERITIES));
          } else if (channel == null || channel.isBlank()) {
            problem("routes." + severity, "no channel: name one, such as \"#ops-alerts\"");
          } else {
            validateDiscordChannel("routes." + severity, channel);
          }
        });
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < rules.rules().size(); i++) {
      AlertRule rule = rules.rules().get(i);
      if (rule == null) {
        problem(rulePath(i, null), "empty entry: give the rule an id, a summary and a when:");
        continue;
      }
      String path = rulePath(i, rule.id());
      if (rule.id() != null && !ids.add(rule.id())) {
        problem(path + ".id", "duplicate rule id '" + rule.id() + "': ids must be unique");
      }
      validateRule(rule, path, rules.routes());
    }
  }

  private void validateDefaults(AlertDefaults defaults) {
    positive("defaults.holdFor", defaults.holdFor());
    positive("defaults.clearFor", defaults.clearFor());
    positive("defaults.repeatEvery", defaults.repeatEvery());
    positive("defaults.escalateAfter", defaults.escalateAfter());
    if (defaults.groupWithin().isNegative()) {
      problem("defaults.groupWithin", "must not be negative: 0s posts every alert on its own");
    }
  }

  private void validateRule(AlertRule rule, String path, Map<String, String> routes) {
    if (rule.id() == null || rule.id().isBlank()) {
      problem(path + ".id", "required key is missing: give the rule a short id like error-rate");
    } else if (!RULE_ID.matcher(rule.id()).matches()) {
      problem(
          path + ".id",
          "'"
              + rule.id()
              + "' is not a usable id: lower-case letters, digits and dashes, such as"
              + " error-rate");
    }
    if (rule.summary() == null || rule.summary().isBlank()) {
      problem(
          path + ".summary",
          "required key is missing: one line for the alert, such as \"{service} is down:"
              + " {reason}\"");
    }
    // An unknown severity is refused as the rules are read (Severity.of), and left out here.
    if (rule.severity() == null) {
      problem(path + ".severity", "required key is missing: " + String.join(", ", SEVERITIES));
    }
    validateServices(rule, path);
    validateCondition(rule, path);
    if (rule.channel() != null && rule.channel().isBlank()) {
      problem(path + ".channel", "empty channel: name one, or leave it out to route by severity");
    } else if (rule.channel() != null) {
      validateDiscordChannel(path + ".channel", rule.channel());
    } else if (rule.severity() != null && routes.get(rule.severity().id()) == null) {
      problem(
          path + ".channel",
          "no channel and no route for severity "
              + rule.severity()
              + ": give the rule a channel, or add routes."
              + rule.severity());
    }
    if (rule.runbook() != null) {
      if (!RUNBOOK_NAME.matcher(rule.runbook()).matches()) {
        problem(
            path + ".runbook",
            "'"
                + rule.runbook()
                + "' is not a runbook name: the file name in alerts/runbooks without .md");
      } else if (!runbookExists.test(rule.runbook())) {
        problem(
            path + ".runbook",
            "no runbook '"
                + rule.runbook()
                + "': there is no alerts/runbooks/"
                + rule.runbook()
                + ".md; write it, or name an existing one");
      }
    }
    for (int i = 0; i < rule.actions().size(); i++) {
      String at = path + ".actions[" + i + "]";
      RunbookActionCheck.check(rule, rule.actions().get(i), fleet, fleetFile)
          .ifPresent(message -> problem(at, message));
    }
    positive(path + ".holdFor", rule.holdFor());
    positive(path + ".clearFor", rule.clearFor());
    positive(path + ".repeatEvery", rule.repeatEvery());
    positive(path + ".escalateAfter", rule.escalateAfter());
  }

  /** A Discord channel is named by its id: {@code discord:123456789012345678}. */
  private void validateDiscordChannel(String path, String channel) {
    if (channel.startsWith("discord:") && !channel.substring(8).strip().matches("\\d{17,20}")) {
      problem(
          path,
          "'"
              + channel
              + "' does not name a Discord channel by id: write discord:<channel id> (Developer"
              + " Mode, then right-click the channel > Copy Channel ID)");
    }
  }

  private void validateServices(AlertRule rule, String path) {
    if (rule.when() != null && rule.when().onHeartbeat()) {
      HeartbeatRuleCheck.services(rule, fleet, fleetFile)
          .forEach((at, message) -> problem(path + at, message));
      return;
    }
    for (int i = 0; i < rule.services().size(); i++) {
      String id = rule.services().get(i);
      if (id == null || fleet.service(id).isEmpty()) {
        problem(
            path + ".services[" + i + "]",
            "no service '"
                + id
                + "' in "
                + fleetFile
                + ": use one of "
                + String.join(", ", serviceIds()));
      }
    }
  }

  private void validateCondition(AlertRule rule, String path) {
    String at = path + ".when";
    AlertCondition when = rule.when();
    if (reportedAtOrUnder(at)) {
      return;
    }
    if (when == null) {
      problem(
          at,
          "required key is missing: status: DOWN or DEGRADED, or an endpoint, a field and above,"
              + " below or equals");
      return;
    }
    int forms =
        (when.heartbeat() != null ? 1 : 0)
            + (when.status() != null ? 1 : 0)
            + (when.above() != null ? 1 : 0)
            + (when.below() != null ? 1 : 0)
            + (when.equals() != null ? 1 : 0);
    if (forms == 0) {
      problem(
          at,
          "no condition: give status: DOWN or DEGRADED, or an endpoint and a field with above,"
              + " below or equals");
      return;
    }
    if (forms > 1) {
      problem(
          at,
          "more than one condition: give only one of status, above, below or equals (write a"
              + " second rule for a second threshold)");
      return;
    }
    if (when.onHeartbeat()) {
      HeartbeatRuleCheck.condition(when).forEach((key, message) -> problem(at + key, message));
      return;
    }
    if (when.onStatus()) {
      if (!STATUSES.contains(when.status())) {
        problem(
            at + ".status",
            "unknown status '" + when.status() + "': use " + String.join(" or ", STATUSES));
      }
      if (when.endpoint() != null || when.field() != null) {
        problem(
            at,
            "a status condition reads no endpoint or field: leave them out, or compare the field"
                + " with above, below or equals instead of status");
      }
      return;
    }
    if (when.equals() instanceof Map<?, ?> || when.equals() instanceof List<?>) {
      problem(at + ".equals", "expected a number, true/false or a text, not a structure");
    }
    if (when.endpoint() == null || when.field() == null) {
      problem(
          at,
          "a threshold needs both endpoint and field: the endpoint id and field name under a"
              + " service's endpoints: in "
              + fleetFile);
      return;
    }
    validateFieldIsDefined(rule, at);
  }

  private void validateFieldIsDefined(AlertRule rule, String at) {
    String endpoint = rule.when().endpoint();
    String field = rule.when().field();
    List<ServiceConfig> services =
        rule.services().isEmpty()
            ? fleet.services()
            : rule.services().stream()
                .map(id -> fleet.service(id).orElse(null))
                .filter(s -> s != null)
                .toList();
    List<String> lacking =
        services.stream().filter(s -> !defines(s, endpoint, field)).map(ServiceConfig::id).toList();
    String where = endpoint + "." + field;
    if (rule.services().isEmpty() && lacking.size() == services.size()) {
      problem(
          at,
          "no service in "
              + fleetFile
              + " defines the field '"
              + field
              + "' of an endpoint '"
              + endpoint
              + "' ("
              + where
              + "): add it under a service's endpoints:, or fix the names");
    } else if (!rule.services().isEmpty() && !lacking.isEmpty()) {
      problem(
          at,
          "service(s) "
              + String.join(", ", lacking)
              + " in "
              + fleetFile
              + " define no field '"
              + field
              + "' of an endpoint '"
              + endpoint
              + "' ("
              + where
              + "): add it under their endpoints:, or fix the names");
    }
  }

  private boolean defines(ServiceConfig service, String endpoint, String field) {
    if (service == null) {
      return false;
    }
    if (PLATFORM_ENDPOINT.equals(endpoint)) {
      // Read from the platform, not configured per service: Render services have these.
      RollbackSettings.DeployTarget target = fleet.rollback().services().get(service.id());
      return target != null
          && "render".equals(target.provider())
          && PLATFORM_FIELDS.contains(field);
    }
    EndpointConfig config = service.endpoints().get(endpoint);
    return config != null && config.fields().containsKey(field);
  }

  private List<String> serviceIds() {
    return fleet.services().stream()
        .filter(s -> s != null && s.id() != null)
        .map(ServiceConfig::id)
        .toList();
  }

  private void positive(String path, Duration duration) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      problem(path, "must be longer than zero");
    }
  }

  private boolean reportedAtOrUnder(String path) {
    return alreadyReported.stream().anyMatch(p -> p.equals(path) || p.startsWith(path + "."));
  }

  private void problem(String path, String message) {
    if (alreadyReported.contains(path)) {
      return;
    }
    problems.add(new Problem(file, path, message));
  }
}
