package dev.opsbot.status;

import dev.opsbot.config.Secret;
import dev.opsbot.config.StatusPageSettings;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A small fleet for the status page's tests: one service down behind a host, one up. */
final class StatusFixtures {
  static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
  static final String HOSTNAME_REASON =
      "connect to brainops-backend-prod.onrender.com:443 (10.0.4.17) refused";

  private StatusFixtures() {}

  static StatusPageSettings settings(boolean showDetails) {
    return new StatusPageSettings(true, "BrainOps status", "public", null, showDetails);
  }

  static StatusPageSettings tokenSettings(String token) {
    return new StatusPageSettings(true, "BrainOps status", "token", Secret.of(token), false);
  }

  static List<ServiceNow> services() {
    return List.of(
        new ServiceNow(
            "backend",
            "Backend (API gateway)",
            Health.DOWN,
            NOW.minusSeconds(600),
            HOSTNAME_REASON,
            NOW),
        new ServiceNow("erp", "Weathercraft ERP", Health.UP, NOW.minusSeconds(86_400), "ok", NOW));
  }

  static OpenIncident backendDown() {
    return new OpenIncident(
        7,
        "critical",
        "backend",
        "backend is down: " + HOSTNAME_REASON,
        HOSTNAME_REASON,
        OpenIncident.State.ACKNOWLEDGED,
        NOW.minusSeconds(540),
        NOW.minusSeconds(300),
        null);
  }

  /** Every day of the last 90 fully up, except yesterday at 50 %. */
  static Map<String, List<DayUptime>> history(LocalDate from, LocalDate to) {
    List<DayUptime> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      long answered = day.equals(to.minusDays(1)) ? 144 : 288;
      days.add(new DayUptime(day, 288, answered));
    }
    return Map.of("backend", days);
  }

  static StatusSources sources(List<ServiceNow> services, List<OpenIncident> incidents) {
    return new StatusSources(
        () -> services, () -> incidents, StatusFixtures::history, StatusSources.Maintenance.NONE);
  }
}
