package dev.opsbot;

import dev.opsbot.alert.Runbooks;
import dev.opsbot.config.AlertRule;
import dev.opsbot.config.AlertRules;
import dev.opsbot.config.AlertRulesValidator;
import dev.opsbot.config.ConfigException;
import dev.opsbot.config.ConfigLoader;
import dev.opsbot.config.IntakeSettings;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.Problem;
import dev.opsbot.config.SavedQueries;
import dev.opsbot.sql.FunctionPolicy;
import dev.opsbot.sql.SavedQueryCatalog;
import dev.opsbot.sql.SqlGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything read at start-up: the main file, the saved queries it points to and the alert rules,
 * checked together so that {@code check-config} and start-up report the same problems.
 */
public record Configuration(
    String file,
    OpsbotConfig config,
    SavedQueryCatalog savedQueries,
    AlertRules alertRules,
    Runbooks runbooks,
    OnCallConfig onCall) {
  /** Where the alert rules are read from, relative to the working directory, or in the jar. */
  public static final Path ALERT_RULES = Path.of("alerts/rules.yaml");

  public static Configuration load(ConfigLoader loader, Path file) {
    return load(loader, file, ALERT_RULES);
  }

  /** The main file {@code file} with the alert rules of {@code rulesFile}. */
  public static Configuration load(ConfigLoader loader, Path file, Path rulesFile) {
    return check(loader, file.toString(), loader.load(file), rulesFile);
  }

  /** A configuration from text, such as the demo's bundled in the jar. */
  public static Configuration parse(ConfigLoader loader, String label, String yaml) {
    return parse(loader, label, yaml, ALERT_RULES);
  }

  /** As above, with the alert rules of {@code rulesFile} (or its copy in the jar). */
  public static Configuration parse(
      ConfigLoader loader, String label, String yaml, Path rulesFile) {
    return check(loader, label, loader.parse(label, yaml), rulesFile);
  }

  private static Configuration check(
      ConfigLoader loader, String label, OpsbotConfig config, Path rulesFile) {
    List<Problem> problems = new ArrayList<>();
    Path queriesFile = Path.of(config.sql().savedQueries());
    SavedQueries saved =
        Files.exists(queriesFile)
            ? loader.loadSavedQueries(queriesFile, problems)
            : bundledQueries(loader, queriesFile, problems);
    SavedQueryCatalog catalog =
        SavedQueryCatalog.check(
            saved,
            queriesFile.toString(),
            new SqlGuard(sqlFunctions(label, config, problems)),
            config.databases().keySet(),
            problems);
    checkDigestQueries(label, config, catalog, problems);
    Alerting alerting = alerting(loader, label, config, rulesFile, problems);
    OnCallConfig onCall = onCall(loader, config, problems);
    checkPolicies(alerting, config.oncall().file(), onCall, problems);
    checkIntakePolicies(label, config, onCall, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new Configuration(label, config, catalog, alerting.rules(), alerting.runbooks(), onCall);
  }

  /** The functions /sql may call: the shipped list and sql.allowFunctions, each name checked. */
  public static FunctionPolicy sqlFunctions(
      String label, OpsbotConfig config, List<Problem> problems) {
    List<String> names = config.sql().allowFunctions();
    for (int i = 0; i < names.size(); i++) {
      int index = i;
      FunctionPolicy.problem(names.get(i))
          .ifPresent(problem ->
              problems.add(new Problem(label, "sql.allowFunctions[" + index + "]", problem)));
    }
    return FunctionPolicy.withExtra(
        names.stream().filter(name -> FunctionPolicy.problem(name).isEmpty()).toList());
  }

  /** The digest's saved queries must exist and take no parameters. */
  private static void checkDigestQueries(
      String label, OpsbotConfig config, SavedQueryCatalog catalog, List<Problem> problems) {
    List<String> names = new ArrayList<>(config.digest().tables());
    if (config.digest().figures() != null) {
      names.add(0, config.digest().figures());
    }
    for (String name : names) {
      String path = name.equals(config.digest().figures()) ? "digest.figures" : "digest.tables";
      var query = catalog.find(name);
      if (query.isEmpty()) {
        problems.add(
            new Problem(
                label,
                path,
                "no saved query '"
                    + name
                    + "': add it to "
                    + config.sql().savedQueries()
                    + " or use one of "
                    + catalog.names()));
      } else if (!query.get().query().parameters().isEmpty()) {
        problems.add(
            new Problem(
                label,
                path,
                "saved query '" + name + "' takes parameters; the digest can't give any"));
      }
    }
  }

  /** The alert rules and the runbooks they attach, read now: nothing reads them at alert time. */
  private record Alerting(String label, AlertRules rules, Runbooks runbooks) {}

  /**
   * The rules file and the runbooks beside it; without the file, the rules and runbooks bundled in
   * the jar; without those, no rules.
   */
  private static Alerting alerting(
      ConfigLoader loader, String label, OpsbotConfig config, Path file, List<Problem> problems) {
    String rulesLabel;
    AlertRules rules;
    Runbooks runbooks;
    if (Files.exists(file)) {
      rulesLabel = file.toString();
      rules = loader.loadAlertRules(file, problems);
      Path directory = file.toAbsolutePath().getParent().resolve("runbooks");
      runbooks = Runbooks.in(directory, Runbooks.named(rules));
    } else {
      String resource = resourceName(file);
      String yaml = bundled(resource);
      if (yaml == null) {
        return new Alerting(file.toString(), AlertRules.NONE, Runbooks.NONE);
      }
      rulesLabel = file + " (bundled)";
      rules = loader.parseAlertRules(rulesLabel, yaml, problems);
      String directory = resource.substring(0, resource.lastIndexOf('/')) + "/runbooks";
      runbooks = Runbooks.bundled(directory, Runbooks.named(rules));
    }
    new AlertRulesValidator(rulesLabel, label, config, runbooks::exists, problems).validate(rules);
    runbooks.check(rulesLabel, rules, problems);
    return new Alerting(rulesLabel, rules, runbooks);
  }

  /**
   * Every escalation policy the rules name (per severity, or a rule's own) must be one of the
   * on-call file's: a typo would otherwise page nobody, and nobody would notice until an outage.
   */
  private static void checkPolicies(
      Alerting alerting, String onCallFile, OnCallConfig onCall, List<Problem> problems) {
    AlertRules rules = alerting.rules();
    rules
        .escalation()
        .policies()
        .forEach((severity, policy) ->
            policyProblem(
                    alerting.label(), "escalation.policies." + severity, policy, onCallFile, onCall)
                .ifPresent(problems::add));
    for (int i = 0; i < rules.rules().size(); i++) {
      AlertRule rule = rules.rules().get(i);
      if (rule != null && rule.policy() != null) {
        policyProblem(
                alerting.label(),
                AlertRulesValidator.rulePath(i, rule.id()) + ".policy",
                rule.policy(),
                onCallFile,
                onCall)
            .ifPresent(problems::add);
      }
    }
  }

  /** An intake route's policy too: a typo there would page nobody for the alerts it routes. */
  private static void checkIntakePolicies(
      String label, OpsbotConfig config, OnCallConfig onCall, List<Problem> problems) {
    List<IntakeSettings.IntakeRoute> routes = config.intake().routes();
    for (int i = 0; i < routes.size(); i++) {
      IntakeSettings.IntakeRoute route = routes.get(i);
      if (route != null && route.policy() != null) {
        policyProblem(
                label,
                "intake.routes[" + i + "].policy",
                route.policy(),
                config.oncall().file(),
                onCall)
            .ifPresent(problems::add);
      }
    }
  }

  private static Optional<Problem> policyProblem(
      String file, String path, String policy, String onCallFile, OnCallConfig onCall) {
    if (policy == null || policy.isBlank()) {
      return Optional.of(
          new Problem(file, path, "no policy named: use one of " + onCall.policies().keySet()));
    }
    if (onCall.policies().containsKey(policy)) {
      return Optional.empty();
    }
    return Optional.of(
        new Problem(
            file,
            path,
            onCall.policies().isEmpty()
                ? "no escalation policy '"
                    + policy
                    + "': "
                    + onCallFile
                    + " has no policies: add one there under policies:"
                : "no escalation policy '"
                    + policy
                    + "' in "
                    + onCallFile
                    + ": use one of "
                    + onCall.policies().keySet()));
  }

  private static String resourceName(Path file) {
    return "/" + file.toString().replace('\\', '/');
  }

  /** A text resource of the jar, or null. */
  private static String bundled(String resource) {
    try (InputStream in = Configuration.class.getResourceAsStream(resource)) {
      return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The on-call file of {@code oncall.file}, or its copy in the jar; without either, none. */
  private static OnCallConfig onCall(
      ConfigLoader loader, OpsbotConfig config, List<Problem> problems) {
    Path file = Path.of(config.oncall().file());
    if (Files.exists(file)) {
      return loader.loadOnCall(file, problems);
    }
    String yaml = bundled(resourceName(file));
    return yaml == null
        ? OnCallConfig.NONE
        : loader.parseOnCall(file + " (bundled)", yaml, problems);
  }

  /** The jar carries the shipped saved queries, so the demo has them wherever it runs. */
  private static SavedQueries bundledQueries(
      ConfigLoader loader, Path file, List<Problem> problems) {
    String yaml = bundled(resourceName(file));
    return yaml == null
        ? SavedQueries.NONE
        : loader.parseSavedQueries(file + " (bundled)", yaml, problems);
  }
}
