package dev.opsbot.config;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the feature sections of the configuration (probe, admin, access, sql, state, smtp,
 * rollback, digest) for what types alone cannot: ranges, choices, references to services and
 * databases.
 */
final class SettingsValidator {
  private static final Pattern LOCATION = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

  private final ConfigProblems report;

  SettingsValidator(ConfigProblems report) {
    this.report = report;
  }

  void validateRollback(OpsbotConfig config) {
    RollbackSettings rollback = config.rollback();
    report.positive("rollback.confirmWithin", rollback.confirmWithin());
    report.positive("rollback.deployTimeout", rollback.deployTimeout());
    report.positive("rollback.healthTimeout", rollback.healthTimeout());
    report.atLeast("rollback.logLines", rollback.logLines(), 1);
    report.positive("rollback.metricsEvery", rollback.metricsEvery());
    report.url("rollback.render.apiUrl", rollback.render().apiUrl());
    report.url("rollback.vercel.apiUrl", rollback.vercel().apiUrl());
    rollback
        .services()
        .forEach((id, target) -> {
          String path = "rollback.services." + id;
          if (config.service(id).isEmpty()) {
            report.problem(path, "no service '" + id + "': use one of the ids under services:");
          }
          if (target == null) {
            report.problem(
                path, "empty entry: give it a provider (render or vercel) and its id there");
            return;
          }
          if (!Set.of("render", "vercel").contains(target.provider())) {
            report.problem(
                path + ".provider",
                "unknown provider '" + target.provider() + "': use render or vercel");
          }
          if (target.id() == null || target.id().isBlank()) {
            report.problem(
                path + ".id",
                "required key is missing: the provider's id for it (Render srv-..., Vercel prj_...)");
          }
        });
  }

  void validateDigest(DigestSettings digest) {
    if (!Set.of("latency", "availability").contains(digest.chart())) {
      report.problem(
          "digest.chart", "'" + digest.chart() + "' is not a chart: use latency or availability");
    }
    report.positive("digest.rawRetention", digest.rawRetention());
    report.positive("digest.hourlyRetention", digest.hourlyRetention());
    if (digest.rawRetention().compareTo(java.time.Duration.ofDays(1)) < 0) {
      report.problem(
          "digest.rawRetention", "keep at least 1d of raw history: the digest reads a day of it");
    }
    for (int i = 0; i < digest.channels().size(); i++) {
      DigestSettings.DigestChannel channel = digest.channels().get(i);
      String path = "digest.channels[" + i + "]";
      if (channel == null) {
        report.problem(
            path, "empty entry: give a channel and a time, such as channel: \"#ops-daily\"");
        continue;
      }
      if (channel.channel() == null || channel.channel().isBlank()) {
        report.problem(
            path + ".channel", "required key is missing: the channel, such as \"#ops-daily\"");
      }
      if (channel.time() == null) {
        report.problem(
            path + ".time", "required key is missing: the time of day, such as \"08:30\"");
      } else {
        try {
          java.time.LocalTime.parse(channel.time());
        } catch (java.time.format.DateTimeParseException e) {
          report.problem(
              path + ".time",
              "'" + channel.time() + "' is not a time of day: write HH:mm, such as \"08:30\"");
        }
      }
      try {
        java.time.ZoneId.of(channel.zone());
      } catch (java.time.DateTimeException e) {
        report.problem(
            path + ".zone",
            "'" + channel.zone() + "' is not a time zone: use an IANA name such as America/Denver");
      }
      if (!Set.of("every-day", "weekdays").contains(channel.days())) {
        report.problem(
            path + ".days", "'" + channel.days() + "' is not a choice: use every-day or weekdays");
      }
      for (String address : channel.email()) {
        if (address == null || !address.contains("@")) {
          report.problem(path + ".email", "'" + address + "' is not an email address");
        }
      }
    }
  }

  void validateSmtp(SmtpSettings smtp) {
    if (!smtp.configured()) {
      return;
    }
    if (smtp.port() < 1 || smtp.port() > 65535) {
      report.problem("smtp.port", smtp.port() + " is not a port: use 587 (STARTTLS) or 25");
    }
    if (!smtp.from().contains("@")) {
      report.problem(
          "smtp.from", "'" + smtp.from() + "' is not an email address: write opsbot@example.com");
    }
    if (smtp.user() != null && (smtp.password() == null || smtp.password().isEmpty())) {
      report.problem(
          "smtp.password",
          "smtp.user is set but the password is empty: set it from the environment, such as"
              + " password: ${OPSBOT_SMTP_PASSWORD}");
    }
    report.positive("smtp.timeout", smtp.timeout());
  }

  void validateAccess(AccessConfig access) {
    access
        .roles()
        .forEach((role, grant) -> {
          String path = "access.roles." + role;
          if (!Set.of("oncall", "admin").contains(role)) {
            report.problem(
                path,
                "unknown role '"
                    + role
                    + "': grant oncall or admin (everyone is a viewer already)");
          } else if (grant == null) {
            report.problem(path, "empty grant: list slackUsers, slackUserGroups or discordRoles");
          } else {
            for (int i = 0; i < grant.discordRoles().size(); i++) {
              String id = grant.discordRoles().get(i);
              if (id == null || !id.strip().matches("\\d{17,20}")) {
                report.problem(
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

  void validateSql(OpsbotConfig config) {
    SqlSettings sql = config.sql();
    if (sql.database() != null && !config.databases().containsKey(sql.database())) {
      report.problem(
          "sql.database",
          "no database '"
              + sql.database()
              + "': use one of the names under databases: "
              + config.databases().keySet());
    } else if (sql.database() == null && config.databases().size() > 1) {
      report.problem(
          "sql.database",
          "several databases are configured: name the one /sql queries, one of "
              + config.databases().keySet());
    }
    report.positive("sql.statementTimeout", sql.statementTimeout());
    report.positive("sql.lockTimeout", sql.lockTimeout());
    report.atLeast("sql.rowsShown", sql.rowsShown(), 1);
    report.atLeast("sql.rowsFetched", sql.rowsFetched(), sql.rowsShown());
    report.atLeast("sql.cellWidth", sql.cellWidth(), 8);
  }

  void validateState(StateSettings state) {
    if (state.url() != null && !state.url().startsWith("jdbc:postgresql://")) {
      report.problem(
          "state.url",
          "not a PostgreSQL JDBC URL: write it as jdbc:postgresql://host:5432/database, or leave"
              + " it out to use an embedded PostgreSQL");
    }
  }

  void validateProbe(ProbeSettings probe) {
    report.positive("probe.interval", probe.interval());
    report.positive("probe.freshness", probe.freshness());
    report.positive("probe.slowAfter", probe.slowAfter());
    report.atLeast("probe.maxInFlight", probe.maxInFlight(), 1);
    report.atLeast("probe.failureThreshold", probe.failureThreshold(), 1);
    report.atLeast("probe.successThreshold", probe.successThreshold(), 1);
    report.atLeast("probe.maxBodyKib", probe.maxBodyKib(), 1);
    report.atLeast("probe.historySize", probe.historySize(), 1);
    report.timeouts("probe.timeouts", probe.timeouts());
    if (!LOCATION.matcher(probe.location()).matches()) {
      report.problem(
          "probe.location",
          "'"
              + probe.location()
              + "' is not a usable location label: 1 to 40 lower-case letters, digits and dashes,"
              + " such as eu-west (set it here or through OPSBOT_LOCATION)");
    }
    if (probe.quorum() != null && probe.quorum() < 1) {
      report.problem(
          "probe.quorum",
          probe.quorum()
              + " is too small: use 1 (any location seeing a target down is enough) or more (how"
              + " many locations must agree)");
    }
  }

  void validateAdmin(AdminSettings admin) {
    if (admin.port() < 0 || admin.port() > 65535) {
      report.problem(
          "admin.port", admin.port() + " is not a port: use 1-65535, or 0 for any free port");
    }
  }
}
