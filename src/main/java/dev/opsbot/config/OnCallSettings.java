package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

/** Where the on-call schedules and escalation policies are read from ({@code oncall.file}). */
public record OnCallSettings(String file) {
  public static final OnCallSettings DEFAULT = new OnCallSettings(null);

  public OnCallSettings {
    file = requireNonNullElse(file, "config/oncall.yaml");
  }
}
