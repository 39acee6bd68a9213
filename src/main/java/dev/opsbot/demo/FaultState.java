package dev.opsbot.demo;

/**
 * What is currently wrong with one simulated service; a fresh state is a healthy service. All reads
 * and writes go through the owning {@link SimulatedService}'s lock.
 */
final class FaultState {
  boolean down;
  boolean error;
  int slowMillis;
  boolean aureaRunning = true;
  int schedulerJobs = SimulatedService.EXPECTED_JOBS;
  double errorRatePercent = 0.4;
  int p99Millis = 180;
  int dbLatencyMillis = 12;
  int memoryPercent = 41;

  /** Since when something is wrong (for the error burst of its logs); null while healthy. */
  java.time.Instant brokenSince;

  boolean broken() {
    return down || error || !aureaRunning || memoryPercent > 80;
  }
}
