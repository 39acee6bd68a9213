package dev.opsbot.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads whether a Render restart took effect from the service's events ({@code GET
 * /services/{serviceId}/events}, a list of {@code {event: {id, timestamp, serviceId, type,
 * details}}}): Render answers the restart call before the instances restart, so only a {@code
 * server_restarted} or {@code server_failed} event since the request tells.
 */
final class RenderRestartEvents {
  static final String RESTARTED = "server_restarted";
  static final String FAILED = "server_failed";

  /**
   * Render's clock and opsbot's may differ a little: an event stamped up to this much before the
   * request still counts as the restart's. Kept short, since a restart or failure from before the
   * request is not this restart's answer.
   */
  static final Duration SKEW = Duration.ofSeconds(10);

  static final String WAITING = "waiting for Render's " + RESTARTED + " event";

  private RenderRestartEvents() {}

  /** Where {@code startTime} of the events listing begins for a restart asked for at {@code at}. */
  static Instant since(Instant requestedAt) {
    return requestedAt.minus(SKEW);
  }

  /**
   * The newest {@code server_restarted} or {@code server_failed} event stamped at or after {@code
   * since} decides; without one the restart is still pending. Events of other kinds and older ones
   * are ignored (the listing's own time filter is not relied on).
   */
  static DeployProgress progress(JsonNode items, Instant since) {
    JsonNode newest = null;
    Instant newestAt = null;
    for (JsonNode item : items) {
      JsonNode event = item.path("event");
      String type = ProviderHttp.text(event.get("type"));
      Instant at = ProviderHttp.time(event.get("timestamp"));
      if (!(RESTARTED.equals(type) || FAILED.equals(type)) || at == null || at.isBefore(since)) {
        continue;
      }
      if (newestAt == null || at.isAfter(newestAt)) {
        newest = event;
        newestAt = at;
      }
    }
    if (newest == null) {
      return new DeployProgress.Pending(WAITING);
    }
    if (RESTARTED.equals(ProviderHttp.text(newest.get("type")))) {
      return new DeployProgress.Live();
    }
    String reason = reason(newest.path("details").path("reason"));
    return new DeployProgress.Failed(
        "Render reports " + FAILED + (reason.isEmpty() ? "" : " (" + reason + ")"));
  }

  /** Render's {@code failureReason} in words: "exited with status 1", "out of memory (512Mi)". */
  static String reason(JsonNode reason) {
    List<String> parts = new ArrayList<>();
    if (reason.path("nonZeroExit").isNumber()) {
      parts.add("exited with status " + reason.get("nonZeroExit").asLong());
    }
    if (reason.path("earlyExit").asBoolean(false)) {
      parts.add("exited early");
    }
    if (reason.has("oomKilled")) {
      String limit = ProviderHttp.text(reason.path("oomKilled").get("memoryLimit"));
      parts.add("out of memory" + (limit == null ? "" : " (limit " + limit + ")"));
    }
    if (reason.path("evicted").asBoolean(false)) {
      String why = ProviderHttp.text(reason.get("evictionReason"));
      parts.add("evicted" + (why == null ? "" : ": " + why));
    }
    if (reason.path("timedOutSeconds").isNumber()) {
      String why = ProviderHttp.text(reason.get("timedOutReason"));
      parts.add(
          "timed out after "
              + reason.get("timedOutSeconds").asLong()
              + " s"
              + (why == null ? "" : ": " + why));
    }
    String unhealthy = ProviderHttp.text(reason.get("unhealthy"));
    if (unhealthy != null) {
      parts.add("unhealthy: " + unhealthy);
    }
    return String.join("; ", parts);
  }
}
