package dev.opsbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Checks what types alone cannot: required keys, URLs, references between sections, ranges. */
final class ConfigValidator {
  private static final Pattern SERVICE_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");
  private static final Set<String> PLATFORMS = Set.of("render", "vercel", "supabase", "other");

  private final String file;
  private final List<Problem> problems;
  private final Set<String> alreadyReported = new HashSet<>();

  ConfigValidator(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
    // A key that failed to read is left empty: one problem for it is enough, the first says why.
    problems.forEach(p -> alreadyReported.add(p.path()));
  }

  void validate(OpsbotConfig config) {
    validateProbe(config.probe());
    validateAdmin(config.admin());
    if (config.services().isEmpty()) {
      problem("services", "no services configured: list at least one under services:");
    }
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < config.services().size(); i++) {
      ServiceConfig service = config.services().get(i);
      String path = "services[" + i + "]";
      if (service == null) {
        problem(path, "empty entry: give the service an id and a baseUrl");
        continue;
      }
      validateService(service, path);
      if (service.id() != null && !ids.add(service.id())) {
        problem(path + ".id", "duplicate service id '" + service.id() + "': ids must be unique");
      }
    }
    config.databases().forEach((name, db) -> validateDatabase(name, db));
    if (config.aurea() != null) {
      validateAurea(config.aurea(), config);
    }
    validateAccess(config.access());
    validateSql(config);
    validateState(config.state());
    validateSmtp(config.smtp());
    validateRollback(config);
    validateDigest(config.digest());
  }

  private void validateRollback(OpsbotConfig config) {
    RollbackSettings rollback = config.rollback();
    positive("rollback.confirmWithin", rollback.confirmWithin());
    positive("rollback.deployTimeout", rollback.deployTimeout());
    positive("rollback.healthTimeout", rollback.healthTimeout());
    validateUrl("rollback.render.apiUrl", rollback.render().apiUrl());
    validateUrl("rollback.vercel.apiUrl", rollback.vercel().apiUrl());
    rollback
        .services()
        .forEach((id, target) -> {
          String path = "rollback.services." + id;
          if (config.service(id).isEmpty()) {
            problem(path, "no service '" + id + "': use one of the ids under services:");
          }
          if (target == null) {
            problem(path, "empty entry: give it a provider (render or vercel) and its id there");
            return;
          }
          if (!Set.of("render", "vercel").contains(target.provider())) {
            problem(
                path + ".provider",
                "unknown provider '" + target.provider() + "': use render or vercel");
          }
          if (target.id() == null || target.id().isBlank()) {
            problem(
                path + ".id",
                "required key is missing: the provider's id for it (Render srv-..., Vercel prj_...)");
          }
        });
  }

  private void validateDigest(DigestSettings digest) {
    if (!Set.of("latency", "availability").contains(digest.chart())) {
      problem(
          "digest.chart", "'" + digest.chart() + "' is not a chart: use latency or availability");
    }
    positive("digest.rawRetention", digest.rawRetention());
    positive("digest.hourlyRetention", digest.hourlyRetention());
    if (digest.rawRetention().compareTo(java.time.Duration.ofDays(1)) < 0) {
      problem(
          "digest.rawRetention", "keep at least 1d of raw history: the digest reads a day of it");
    }
    for (int i = 0; i < digest.channels().size(); i++) {
      DigestSettings.DigestChannel channel = digest.channels().get(i);
      String path = "digest.channels[" + i + "]";
      if (channel == null) {
        problem(path, "empty entry: give a channel and a time, such as channel: \"#ops-daily\"");
        continue;
      }
      if (channel.channel() == null || channel.channel().isBlank()) {
        problem(path + ".channel", "required key is missing: the channel, such as \"#ops-daily\"");
      }
      if (channel.time() == null) {
        problem(path + ".time", "required key is missing: the time of day, such as \"08:30\"");
      } else {
        try {
          java.time.LocalTime.parse(channel.time());
        } catch (java.time.format.DateTimeParseException e) {
          problem(
              path + ".time",
              "'" + channel.time() + "' is not a time of day: write HH:mm, such as \"08:30\"");
        }
      }
      try {
        java.time.ZoneId.of(channel.zone());
      } catch (java.time.DateTimeException e) {
        problem(
            path + ".zone",
            "'" + channel.zone() + "' is not a time zone: use an IANA name such as America/Denver");
      }
      if (!Set.of("every-day", "weekdays").contains(channel.days())) {
        problem(
            path + ".days", "'" + channel.days() + "' is not a choice: use every-day or weekdays");
      }
      for (String address : channel.email()) {
        if (address == null || !address.contains("@")) {
          problem(path + ".email", "'" + address + "' is not an email address");
        }
      }
    }
  }

  private void validateSmtp(SmtpSettings smtp) {
    if (!smtp.configured()) {
      return;
    }
    if (smtp.port() < 1 || smtp.port() > 65535) {
      problem("smtp.port", smtp.port() + " is not a port: use 587 (STARTTLS) or 25");
    }
    if (!smtp.from().contains("@")) {
      problem(
          "smtp.from", "'" + smtp.from() + "' is not an email address: write opsbot@example.com");
    }
    if (smtp.user() != null && (smtp.password() == null || smtp.password().isEmpty())) {
      problem(
          "smtp.password",
          "smtp.user is set but the password is empty: set it from the environment, such as"
              + " password: ${OPSBOT_SMTP_PASSWORD}");
    }
    positive("smtp.timeout", smtp.timeout());
  }

  private void validateAccess(AccessConfig access) {
    access
        .roles()
        .forEach((role, grant) -> {
          String path = "access.roles." + role;
          if (!Set.of("oncall", "admin").contains(role)) {
            problem(
                path,
                "unknown role '"
                    + role
                    + "': grant oncall or admin (everyone is a viewer already)");
          } else if (grant == null) {
            problem(path, "empty grant: list slackUsers, slackUserGroups or discordRoles");
          } else {
            for (int i = 0; i < grant.discordRoles().size(); i++) {
              String id = grant.discordRoles().get(i);
              if (id == null || !id.strip().matches("\\d{17,20}")) {
                problem(
                    path + ".discordRoles[" + i + "]",
                    "'"
                        + id
                        + "' is not a Discord role id (17 to 20 digits, quoted): turn on Developer"
                        + " Mode, then Server Settings > Roles > right-click the role > Copy Role"
                        + " ID");
              }
            }
          }
        });
  }

  private void validateSql(OpsbotConfig config) {
    SqlSettings sql = config.sql();
    if (sql.database() != null && !config.databases().containsKey(sql.database())) {
      problem(
          "sql.database",
          "no database '"
              + sql.database()
              + "': use one of the names under databases: "
              + config.databases().keySet());
    } else if (sql.database() == null && config.databases().size() > 1) {
      problem(
          "sql.database",
          "several databases are configured: name the one /sql queries, one of "
              + config.databases().keySet());
    }
    positive("sql.statementTimeout", sql.statementTimeout());
    positive("sql.lockTimeout", sql.lockTimeout());
    atLeast("sql.rowsShown", sql.rowsShown(), 1);
    atLeast("sql.rowsFetched", sql.rowsFetched(), sql.rowsShown());
    atLeast("sql.cellWidth", sql.cellWidth(), 8);
  }

  private void validateState(StateSettings state) {
    if (state.url() != null && !state.url().startsWith("jdbc:postgresql://")) {
      problem(
          "state.url",
          "not a PostgreSQL JDBC URL: write it as jdbc:postgresql://host:5432/database, or leave"
              + " it out to use an embedded PostgreSQL");
    }
  }

  private void validateProbe(ProbeSettings probe) {
    positive("probe.interval", probe.interval());
    positive("probe.freshness", probe.freshness());
    positive("probe.slowAfter", probe.slowAfter());
    atLeast("probe.maxInFlight", probe.maxInFlight(), 1);
    atLeast("probe.failureThreshold", probe.failureThreshold(), 1);
    atLeast("probe.successThreshold", probe.successThreshold(), 1);
    atLeast("probe.maxBodyKib", probe.maxBodyKib(), 1);
    atLeast("probe.historySize", probe.historySize(), 1);
    validateTimeouts("probe.timeouts", probe.timeouts());
  }

  private void validateAdmin(AdminSettings admin) {
    if (admin.port() < 0 || admin.port() > 65535) {
      problem("admin.port", admin.port() + " is not a port: use 1-65535, or 0 for any free port");
    }
  }

  private void validateService(ServiceConfig service, String path) {
    if (service.id() == null || service.id().isBlank()) {
      problem(path + ".id", "required key is missing: give the service a short id like backend");
    } else if (!SERVICE_ID.matcher(service.id()).matches()) {
      problem(
          path + ".id",
          "'"
              + service.id()
              + "' is not a usable id: lower-case letters, digits and dashes, such as ai-agents");
    }
    if (!PLATFORMS.contains(service.platform())) {
      problem(
          path + ".platform",
          "unknown platform '" + service.platform() + "': use one of " + sorted(PLATFORMS));
    }
    validateUrl(path + ".baseUrl", service.baseUrl());
    validatePath(path + ".healthPath", service.healthPath());
    positive(path + ".slowAfter", service.slowAfter());
    if (service.timeouts() != null) {
      validateTimeouts(path + ".timeouts", service.timeouts());
    }
    service
        .headers()
        .forEach((name, value) -> {
          if (value == null) {
            problem(path + ".headers." + name, "no value: give one, usually ${ENV_VAR}");
          }
        });
    for (Map.Entry<String, EndpointConfig> endpoint : service.endpoints().entrySet()) {
      String endpointPath = path + ".endpoints." + endpoint.getKey();
      if (endpoint.getValue() == null) {
        problem(endpointPath, "empty endpoint: give it a path");
        continue;
      }
      validatePath(endpointPath + ".path", endpoint.getValue().path());
      endpoint
          .getValue()
          .fields()
          .forEach((name, field) -> {
            if (field == null) {
              problem(endpointPath + ".fields." + name, "no path: write it like .status");
            }
          });
    }
  }

  private void validateDatabase(String name, DatabaseConfig db) {
    String path = "databases." + name;
    if (db == null) {
      problem(path, "empty database entry: give it a url");
      return;
    }
    if (db.url() == null || db.url().isBlank()) {
      problem(path + ".url", "required key is missing: jdbc:postgresql://host:5432/database");
    } else if (!db.url().startsWith("jdbc:postgresql://")) {
      problem(
          path + ".url",
          "not a PostgreSQL JDBC URL: write it as jdbc:postgresql://host:5432/database");
    }
  }

  private void validateAurea(AureaConfig aurea, OpsbotConfig config) {
    if (aurea.service() == null) {
      problem("aurea.service", "required key is missing: the id of the orchestrator's service");
      return;
    }
    ServiceConfig service = config.service(aurea.service()).orElse(null);
    if (service == null) {
      problem(
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
    atLeast("aurea.expectedJobs", aurea.expectedJobs(), 0);
    atLeast("aurea.nextJobsShown", aurea.nextJobsShown(), 0);
  }

  private void requireFields(
      ServiceConfig service, String endpointId, String path, List<String> fields) {
    EndpointConfig endpoint = service.endpoints().get(endpointId);
    if (endpoint == null) {
      problem(
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
        problem(
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

  private void validateTimeouts(String path, Timeouts timeouts) {
    positive(path + ".connect", timeouts.connect());
    positive(path + ".read", timeouts.read());
    positive(path + ".overall", timeouts.overall());
  }

  private void validateUrl(String path, String url) {
    if (url == null || url.isBlank()) {
      problem(path, "required key is missing: the service's URL, such as https://api.example.com");
      return;
    }
    try {
      URI uri = new URI(url);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!web || uri.getHost() == null) {
        problem(path, "'" + url + "' is not an http(s) URL: write it as https://host[:port]");
      }
    } catch (URISyntaxException e) {
      problem(path, "'" + url + "' is not a valid URL (" + e.getReason() + ")");
    }
  }

  private void validatePath(String path, String value) {
    if (value == null || value.isBlank()) {
      problem(path, "required key is missing: a path such as /health");
    } else if (!value.startsWith("/")) {
      problem(path, "'" + value + "' must start with /, as in /" + value);
    }
  }

  private void positive(String path, Duration duration) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      problem(path, "must be longer than zero");
    }
  }

  private void atLeast(String path, Integer value, int minimum) {
    if (value != null && value < minimum) {
      problem(path, value + " is too small: use " + minimum + " or more");
    }
  }

  private void problem(String path, String message) {
    if (alreadyReported.contains(path)) {
      return;
    }
    problems.add(new Problem(file, path, message));
  }

  private static String sorted(Set<String> values) {
    return String.join(", ", values.stream().sorted().toList());
  }
}
