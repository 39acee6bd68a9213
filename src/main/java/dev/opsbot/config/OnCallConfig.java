package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of {@code config/oncall.yaml}: the people who carry the pager, the schedules that
 * say when, and the escalation policies that page them.
 */
public record OnCallConfig(
    Map<String, OnCallPerson> people,
    Map<String, ScheduleConfig> schedules,
    Map<String, PolicyConfig> policies) {
  public static final OnCallConfig NONE = new OnCallConfig(null, null, null);

  public OnCallConfig {
    people = people == null ? Map.of() : new LinkedHashMap<>(people);
    schedules = schedules == null ? Map.of() : new LinkedHashMap<>(schedules);
    policies = policies == null ? Map.of() : new LinkedHashMap<>(policies);
  }
}
