package dev.opsbot;

import dev.opsbot.config.AlertRules;
import dev.opsbot.config.DurationText;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.config.ServiceConfig;
import java.util.stream.Collectors;

/** What {@code check-config} prints for a valid configuration. */
final class ConfigSummary {
  private final Configuration configuration;
  private final OpsbotConfig config;

  ConfigSummary(Configuration configuration) {
    this.configuration = configuration;
    this.config = configuration.config();
  }

  String render() {
    StringBuilder out = new StringBuilder();
    out.append(configuration.file()).append(" is valid.\n");
    out.append("  services (").append(config.services().size()).append("):\n");
    for (ServiceConfig service : config.services()) {
      out.append("    ")
          .append(service.id())
          .append("  ")
          .append(service.platform())
          .append("  ")
          .append(service.urlFor(service.healthPath()));
      if (!service.endpoints().isEmpty()) {
        out.append("  + ").append(String.join(", ", service.endpoints().keySet()));
      }
      if (!service.headers().isEmpty()) {
        out.append("  headers: ").append(String.join(", ", service.headers().keySet()));
      }
      out.append('\n');
    }
    out.append("  databases (").append(config.databases().size()).append(")");
    out.append(
        config.databases().isEmpty() ? "" : ": " + String.join(", ", config.databases().keySet()));
    out.append('\n');
    config
        .aureaConfig()
        .ifPresent(aurea ->
            out.append("  aurea: ")
                .append(aurea.service())
                .append(" (")
                .append(aurea.usageEndpoint())
                .append(", ")
                .append(aurea.schedulerEndpoint())
                .append("; ")
                .append(aurea.expectedJobs())
                .append(" jobs expected)\n"));
    var probe = config.probe();
    out.append("  probing: every ")
        .append(DurationText.format(probe.interval()))
        .append(", results fresh for ")
        .append(DurationText.format(probe.freshness()))
        .append(", down after ")
        .append(probe.failureThreshold())
        .append(" failures in a row, at most ")
        .append(probe.maxInFlight())
        .append(" at once\n");
    if (probe.quorum() > 1 || !probe.location().equals(ProbeSettings.DEFAULT_LOCATION)) {
      out.append("  location: ")
          .append(probe.location())
          .append(", a target is down when ")
          .append(probe.quorum())
          .append(probe.quorum() == 1 ? " location sees" : " locations see")
          .append(" it down\n");
    }
    appendHeartbeats(out);
    out.append("  admin port: ").append(config.admin().port()).append('\n');
    out.append("  /sql: ")
        .append(config.sqlDatabase().map(name -> "on " + name).orElse("off (no database)"))
        .append(", ")
        .append(configuration.savedQueries().names().size())
        .append(" saved queries from ")
        .append(config.sql().savedQueries())
        .append('\n');
    appendAlertRules(out);
    out.append("  access: ");
    if (config.access().roles().isEmpty()) {
      out.append("no grants (everyone is a viewer)");
    } else {
      config
          .access()
          .roles()
          .forEach((role, grant) ->
              out.append(role)
                  .append(" for ")
                  .append(
                      grant.slackUsers().size()
                          + grant.slackUserGroups().size()
                          + grant.discordRoles().size())
                  .append(" grant(s)  "));
    }
    out.append('\n');
    out.append("  state database: ")
        .append(
            config.state().embedded()
                ? "embedded, data in " + config.state().dataDirectory()
                : "configured (state.url)")
        .append('\n');
    out.append("  email: ")
        .append(
            config.smtp().configured()
                ? "through " + config.smtp().host() + ":" + config.smtp().port()
                : "off (no smtp.host)")
        .append('\n');
    out.append("  digest: ")
        .append(
            config.digest().channels().isEmpty()
                ? "not scheduled (/digest still works)"
                : config.digest().channels().stream()
                    .filter(java.util.Objects::nonNull)
                    .map(c ->
                        c.channel()
                            + " at "
                            + c.time()
                            + " "
                            + c.zone()
                            + " "
                            + c.days()
                            + (c.email().isEmpty()
                                ? ""
                                : ", email to " + String.join(", ", c.email())))
                    .collect(Collectors.joining("; ")))
        .append("; history kept ")
        .append(retention(config.digest().rawRetention()))
        .append(" raw, ")
        .append(retention(config.digest().hourlyRetention()))
        .append(" hourly\n");
    appendRollback(out);
    out.append("  maintenance windows: ")
        .append(
            config.maintenance().isEmpty()
                ? "none scheduled (/maintenance starts one now)"
                : config.maintenance().stream()
                    .map(w ->
                        w.name() + " (" + String.join(", ", w.services()) + ") " + w.schedule())
                    .collect(Collectors.joining("; ")))
        .append('\n');
    return out.toString();
  }

  /** Which services /rollback can roll back, and which providers are off for want of a token. */
  private void appendRollback(StringBuilder out) {
    var rollback = config.rollback();
    if (rollback.services().isEmpty()) {
      out.append("  rollback: off (no rollback.services)\n");
      return;
    }
    out.append("  rollback: ");
    out.append(
        rollback.services().entrySet().stream()
            .map(e -> e.getKey() + " (" + e.getValue().provider() + " " + e.getValue().id() + ")")
            .collect(Collectors.joining(", ")));
    out.append("; confirm within ")
        .append(DurationText.format(rollback.confirmWithin()))
        .append(rollback.requireApproval() ? ", four-eyes approval" : "")
        .append('\n');
    for (String provider : java.util.List.of("render", "vercel")) {
      boolean used =
          rollback.services().values().stream().anyMatch(t -> provider.equals(t.provider()));
      if (used && !rollback.providerConfigured(provider)) {
        out.append("  rollback through ")
            .append(provider)
            .append(": off, ")
            .append(dev.opsbot.config.RollbackSettings.tokenVariable(provider))
            .append(" is not set\n");
      }
    }
  }

  private static String retention(java.time.Duration duration) {
    return duration.toHours() % 24 == 0 && duration.toHours() > 0
        ? duration.toDays() + "d"
        : dev.opsbot.config.DurationText.format(duration);
  }

  private void appendAlertRules(StringBuilder out) {
    AlertRules alerts = configuration.alertRules();
    if (alerts.rules().isEmpty()) {
      out.append("  alert rules: none\n");
      return;
    }
    out.append("  alert rules (")
        .append(alerts.rules().size())
        .append("): ")
        .append(
            alerts.rules().stream()
                .map(rule -> rule.id() + " (" + rule.severity() + ")")
                .collect(Collectors.joining(", ")))
        .append('\n');
    out.append("  alert channels: ").append(String.join(", ", alerts.channels())).append('\n');
    if (!alerts.escalation().policies().isEmpty()) {
      out.append("  escalation: policies by severity ")
          .append(
              alerts.escalation().policies().entrySet().stream()
                  .map(e -> e.getKey() + " -> " + e.getValue())
                  .collect(Collectors.joining(", ")))
          .append('\n');
      return;
    }
    out.append("  escalation: ")
        .append(alerts.escalation().mention())
        .append(
            alerts.escalation().discordMention() == null
                ? ""
                : " (Discord " + alerts.escalation().discordMention() + ")")
        .append(
            alerts.escalation().email().isEmpty()
                ? ", no email"
                : ", email to " + String.join(", ", alerts.escalation().email()))
        .append('\n');
  }

  /** "heartbeats (2): scheduler every 5m (grace 2m), backup daily by 03:30 Europe/Berlin". */
  private void appendHeartbeats(StringBuilder out) {
    if (config.heartbeats().isEmpty()) {
      return;
    }
    out.append("  heartbeats (").append(config.heartbeats().size()).append("): ");
    out.append(
        config.heartbeats().stream()
            .map(h ->
                h.id()
                    + " "
                    + (h.every() != null
                        ? "every "
                            + DurationText.format(h.every())
                            + " (grace "
                            + DurationText.format(h.grace())
                            + ")"
                        : "daily by " + h.by() + " " + h.timeZone())
                    + (h.on() ? "" : ", off: its token is not set"))
            .collect(Collectors.joining(", ")));
    out.append('\n');
  }
}
