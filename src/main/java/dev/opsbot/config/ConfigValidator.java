package dev.opsbot.config;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what types alone cannot: required keys, URLs, references between sections, ranges. The
 * fleet (services, databases, AUREA) is checked here, the feature sections by {@link
 * SettingsValidator}.
 */
final class ConfigValidator {
  private static final Pattern SERVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Set<String> PLATFORMS = Set.of("render", "vercel", "supabase", "other");

  private final ConfigProblems report;
  private final SettingsValidator settings;

  ConfigValidator(String file, List<Problem> problems) {
    this.report = new ConfigProblems(file, problems);
    this.settings = new SettingsValidator(report);
  }

  void validate(OpsbotConfig config) {
    settings.validateProbe(config.probe());
    settings.validateAdmin(config.admin());
    if (config.services().isEmpty()) {
      report.problem("services", "no services configured: list at least one under services:");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceConfig service = config.services().get(i);
      String path = "services[" + i + "]";
      if (service == null) {
        report.problem(path, "empty entry: give the service an id and a baseUrl");
        continue;
      }
      validateService(service, path);
      if (service.id() != null && !ids.add(service.id())) {
        report.problem(
            path + ".id", "duplicate service id '" + service.id() + "': ids must be unique");
      }
    }
    config.databases().forEach((name, db) -> validateDatabase(name, db));
    DependencyValidator.validate(config, report);
    MaintenanceValidator.validate(config, report);
    if (config.aurea() != null) {
      validateAurea(config.aurea(), config);
    }
    settings.validateAccess(config.access());
    settings.validateSql(config);
    settings.validateState(config.state());
    settings.validateSmtp(config.smtp());
    settings.validateRollback(config);
    settings.validateDigest(config.digest());
    StatusPageValidator.validate(config.statusPage(), report);
    IntakeValidator.validate(config.intake(), report);
    HeartbeatValidator.validate(config, report);
  }

  private void validateService(ServiceConfig service, String path) {
    if (service.id() == null || service.id().isBlank()) {
      report.problem(
          path + ".id", "required key is missing: give the service a short id like backend");
    } else if (!SERVICE_ID.matcher(service.id()).matches()) {
      report.problem(
          path + ".id",
          "'"
              + service.id()
              + "' is not a usable id: lower-case letters, digits and dashes, such as ai-agents");
    }
    if (!PLATFORMS.contains(service.platform())) {
      report.problem(
          path + ".platform",
          "unknown platform '" + service.platform() + "': use one of " + sorted(PLATFORMS));
    }
    report.url(path + ".baseUrl", service.baseUrl());
    validatePath(path + ".healthPath", service.healthPath());
    report.positive(path + ".slowAfter", service.slowAfter());
    if (service.timeouts() != null) {
      report.timeouts(path + ".timeouts", service.timeouts());
    }
    service
        .headers()
        .forEach((name, value) -> {
          if (value == null) {
            report.problem(path + ".headers." + name, "no value: give one, usually ${ENV_VAR}");
          }
        });
    for (Map.Entry<String, EndpointConfig> endpoint : service.endpoints().entrySet()) {
      String endpointPath = path + ".endpoints." + endpoint.getKey();
      if (endpoint.getValue() == null) {
        report.problem(endpointPath, "empty endpoint: give it a path");
        continue;
      }
      validatePath(endpointPath + ".path", endpoint.getValue().path());
      endpoint
          .getValue()
          .fields()
          .forEach((name, field) -> {
            if (field == null) {
              report.problem(endpointPath + ".fields." + name, "no path: write it like .status");
            }
          });
    }
  }

  private void validateDatabase(String name, DatabaseConfig db) {
    String path = "databases." + name;
    if (db == null) {
      report.problem(path, "empty database entry: give it a url");
      return;
    }
    if (db.url() == null || db.url().isBlank()) {
      report.problem(
          path + ".url", "required key is missing: jdbc:postgresql://host:5432/database");
    } else if (!db.url().startsWith("jdbc:postgresql://")) {
      report.problem(
          path + ".url",
          "not a PostgreSQL JDBC URL: write it as jdbc:postgresql://host:5432/database");
    }
  }

  private void validateAurea(AureaConfig aurea, OpsbotConfig config) {
    if (aurea.service() == null) {
      report.problem(
          "aurea.service", "required key is missing: the id of the orchestrator's service");
      return;
    }
    ServiceConfig service = config.service(aurea.service()).orElse(null);
    if (service == null) {
      report.problem(
          "aurea.service",
          "no service '" + aurea.service() + "': use one of the ids under services:");
      return;
    }
    requireFields(service, aurea.usageEndpoint(), "aurea.usageEndpoint", AureaConfig.USAGE_FIELDS);
    requireFields(
        service,
        aurea.schedulerEndpoint(),
        "aurea.schedulerEndpoint",
        AureaConfig.SCHEDULER_FIELDS);
    report.atLeast("aurea.expectedJobs", aurea.expectedJobs(), 0);
    report.atLeast("aurea.nextJobsShown", aurea.nextJobsShown(), 0);
  }

  private void requireFields(
      ServiceConfig service, String endpointId, String path, List<String> fields) {
    EndpointConfig endpoint = service.endpoints().get(endpointId);
    if (endpoint == null) {
      report.problem(
          path,
          "service '"
              + service.id()
              + "' has no endpoint '"
              + endpointId
              + "': add it under its endpoints:");
      return;
    }
    for (String field : fields) {
      if (!endpoint.fields().containsKey(field)) {
        report.problem(
            path,
            "endpoint '"
                + endpointId
                + "' of '"
                + service.id()
                + "' lacks the field '"
                + field
                + "': add it under fields: with its JSON path");
      }
    }
  }

  private void validatePath(String path, String value) {
    if (value == null || value.isBlank()) {
      report.problem(path, "required key is missing: a path such as /health");
    } else if (!value.startsWith("/")) {
      report.problem(path, "'" + value + "' must start with /, as in /" + value);
    }
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", values.stream().sorted().toList());
  }
}
