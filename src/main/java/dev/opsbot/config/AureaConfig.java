package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.util.List;

/**
 * Where {@code /aurea} reads the orchestrator and its scheduler: two endpoints of one service,
 * whose fields carry the names below.
 */
public record AureaConfig(
    String service,
    String usageEndpoint,
    String schedulerEndpoint,
    Integer expectedJobs,
    Integer nextJobsShown) {

  public static final List<String> USAGE_FIELDS =
      List.of("running", "autonomyLevel", "cyclesCompleted", "decisionsMade", "learningInsights");
  public static final List<String> SCHEDULER_FIELDS =
      List.of("jobsCount", "registeredJobs", "nextJobs");

  public AureaConfig {
    usageEndpoint = requireNonNullElse(usageEndpoint, "usage");
    schedulerEndpoint = requireNonNullElse(schedulerEndpoint, "scheduler");
    expectedJobs = requireNonNullElse(expectedJobs, 61);
    nextJobsShown = requireNonNullElse(nextJobsShown, 5);
  }
}
