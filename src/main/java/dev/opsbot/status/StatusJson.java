package dev.opsbot.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code /status.json}: the same facts as the page. Times are ISO-8601 instants, ratios are between
 * 0 and 1 (null without samples), and {@code detail} appears only with {@code showDetails}.
 * Heartbeats ({@code heartbeats}) are "up" (on time), "late" or "unknown", with their last ping.
 */
public final class StatusJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusJson() {}

  public static String render(StatusView view) {
    ObjectNode root = JSON.createObjectNode();
    root.put("title", view.title());
    root.put("generatedAt", view.generatedAt().toString());
    ObjectNode overall = root.putObject("overall");
    overall.put("status", view.overall().name().toLowerCase(Locale.ROOT));
    overall.put("description", view.overall().label());
    ArrayNode services = root.putArray("services");
    for (StatusView.Service service : view.services()) {
      ObjectNode node = services.addObject();
      node.put("id", service.id());
      node.put("name", service.name());
      node.put("status", service.health().id());
      node.put("since", text(service.since()));
      node.put("checkedAt", text(service.checkedAt()));
      if (service.detail() != null) {
        node.put("detail", service.detail());
      }
      node.put("uptime", service.uptime());
      ArrayNode days = node.putArray("days");
      for (StatusView.Day day : service.days()) {
        ObjectNode d = days.addObject();
        d.put("date", day.date().toString());
        d.put("samples", day.samples());
        d.put("availability", day.availability());
      }
    }
    ArrayNode incidents = root.putArray("incidents");
    for (StatusView.Incident incident : view.incidents()) {
      ObjectNode node = incidents.addObject();
      node.put("id", incident.id());
      node.put("severity", incident.severity());
      node.put("service", incident.service());
      node.put("summary", incident.summary());
      node.put("state", incident.state().name().toLowerCase(Locale.ROOT));
      node.put("since", text(incident.since()));
      ObjectNode update = node.putObject("latestUpdate");
      update.put("at", text(incident.updatedAt()));
      update.put("text", incident.update());
    }
    ArrayNode maintenance = root.putArray("maintenance");
    for (MaintenanceWindow window : view.maintenance()) {
      ObjectNode node = maintenance.addObject();
      node.put("title", window.title());
      node.put("service", window.service());
      node.put("from", text(window.from()));
      node.put("to", text(window.to()));
    }
    ArrayNode heartbeats = root.putArray("heartbeats");
    for (HeartbeatNow heartbeat : view.heartbeats()) {
      ObjectNode node = heartbeats.addObject();
      node.put("id", heartbeat.id());
      node.put("name", heartbeat.name());
      node.put("status", heartbeat.health() == Health.DOWN ? "late" : heartbeat.health().id());
      node.put("lastPingAt", text(heartbeat.lastPingAt()));
      node.put("expectedBy", text(heartbeat.expectedBy()));
    }
    if (view.historyNote() != null) {
      root.put("historyNote", view.historyNote());
    }
    return root.toString();
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
