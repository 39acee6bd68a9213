package dev.opsbot;

import dev.opsbot.config.DurationText;
import dev.opsbot.config.OpsbotConfig;
import dev.opsbot.config.ServiceConfig;

/** What {@code check-config} prints for a valid configuration. */
final class ConfigSummary {
  private final OpsbotConfig config;

  ConfigSummary(OpsbotConfig config) {
    this.config = config;
  }

  String render(String file) {
    StringBuilder out = new StringBuilder();
    out.append(file).append(" is valid.\n");
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
    out.append("  admin port: ").append(config.admin().port()).append('\n');
    return out.toString();
  }
}
