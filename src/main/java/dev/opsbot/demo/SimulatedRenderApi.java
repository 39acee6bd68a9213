package dev.opsbot.demo;

import static dev.opsbot.demo.SimulatedDeploy.hash;
import static dev.opsbot.demo.SimulatedDeploy.shortHash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.demo.DemoHttp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Render REST API's stand-in: services with a deploy history, auto-deploy, rollbacks that go
 * live a few seconds after they are asked for, restarts that take effect a moment after they are
 * asked for (recorded as a {@code server_restarted} event, as Render does), the service's events,
 * logs and metrics ({@link SimulatedPlatform}). Not thread-safe: {@link SimulatedDeployApis} holds
 * its lock around every call.
 */
final class SimulatedRenderApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWITCH = Duration.ofSeconds(4);
  private static final Duration RESTART = Duration.ofSeconds(2);

  private final Clock clock;
  private final DemoServices fleet;
  private final Map<String, String> services = new LinkedHashMap<>();
  // Newest first, as the API lists them.
  private final Map<String, List<SimulatedDeploy>> histories = new LinkedHashMap<>();
  private final Map<String, Boolean> autoDeploy = new LinkedHashMap<>();
  // A service's restart to come, and its events so far, oldest first.
  private final Map<String, Instant> restarts = new LinkedHashMap<>();
  private final Map<String, List<ObjectNode>> events = new LinkedHashMap<>();
  private int rollbacks;

  SimulatedRenderApi(Clock clock, DemoServices fleet) {
    this.clock = clock;
    this.fleet = fleet;
  }

  /** Adds a service whose live deploy runs {@code versions.getFirst()}, newest first. */
  void addService(String service, String id, List<String> versions, List<String> messages) {
    services.put(id, service);
    autoDeploy.put(id, true);
    Instant now = clock.instant();
    List<SimulatedDeploy> deploys = new ArrayList<>();
    // Between each two releases, a deploy that failed to build: the target search must skip it.
    for (int i = 0; i < versions.size(); i++) {
      Instant at = now.minus(Duration.ofHours(6L * i + 1));
      deploys.add(
          new SimulatedDeploy(
              "dep-" + shortHash(id + i) + "demo" + i,
              hash(id + versions.get(i)),
              messages.get(i),
              "new_commit",
              versions.get(i),
              i == 0 ? "live" : "deactivated",
              at));
      if (i == 0) {
        deploys.add(
            new SimulatedDeploy(
                "dep-" + shortHash(id + "f") + "demofail",
                hash(id + "wip"),
                messages.get(0) + " (first try)",
                "new_commit",
                null,
                "build_failed",
                at.minus(Duration.ofMinutes(40))));
      }
    }
    histories.put(id, deploys);
  }

  static Reply unauthorized() {
    return new Reply(401, "{\"id\":\"unauthorized\",\"message\":\"unauthorized\"}");
  }

  /** Answers a request below {@code /v1/}, split into {@code path}. */
  Reply route(String method, String[] path, Map<String, String> query, JsonNode body) {
    if (path.length >= 1 && (path[0].equals("logs") || path[0].equals("metrics"))) {
      return platform(path, query);
    }
    if (path.length == 3 && path[2].equals("restart") && method.equals("POST")) {
      if (!services.containsKey(path[1])) {
        return new Reply(404, "{\"id\":\"not-found\",\"message\":\"service not found\"}");
      }
      // Render answers before the instances restart; settle() restarts them a moment later.
      restarts.put(path[1], clock.instant().plus(RESTART));
      return new Reply(200, "");
    }
    if (path.length < 2 || !path[0].equals("services") || !services.containsKey(path[1])) {
      return new Reply(404, "{\"id\":\"not-found\",\"message\":\"service not found\"}");
    }
    String id = path[1];
    List<SimulatedDeploy> deploys = histories.get(id);
    if (path.length == 2 && method.equals("GET")) {
      return new Reply(200, service(id).toString());
    }
    if (path.length == 2 && method.equals("PATCH")) {
      if (body.has("autoDeploy")) {
        autoDeploy.put(id, "yes".equals(body.path("autoDeploy").asText()));
      }
      return new Reply(200, service(id).toString());
    }
    if (path.length == 3 && path[2].equals("deploys") && method.equals("GET")) {
      int limit = Integer.parseInt(query.getOrDefault("limit", "20"));
      int start = 0;
      if (query.containsKey("cursor")) {
        start = Integer.parseInt(query.get("cursor"));
      }
      ArrayNode page = JSON.createArrayNode();
      for (int i = start; i < Math.min(deploys.size(), start + limit); i++) {
        ObjectNode item = page.addObject();
        item.put("cursor", String.valueOf(i + 1));
        item.set("deploy", deploy(deploys.get(i)));
      }
      return new Reply(200, page.toString());
    }
    if (path.length == 4 && path[2].equals("deploys") && method.equals("GET")) {
      return deploys.stream()
          .filter(d -> d.id.equals(path[3]))
          .findFirst()
          .map(d -> new Reply(200, deploy(d).toString()))
          .orElse(new Reply(404, "{\"id\":\"not-found\",\"message\":\"deploy not found\"}"));
    }
    if (path.length == 3 && path[2].equals("rollback") && method.equals("POST")) {
      return rollback(id, deploys, body.path("deployId").asText());
    }
    if (path.length == 3 && path[2].equals("events") && method.equals("GET")) {
      return events(id, query);
    }
    return new Reply(404, "{\"id\":\"not-found\",\"message\":\"not found\"}");
  }

  /** {@code GET /logs?ownerId&resource&startTime...} and {@code GET /metrics/{metric}}. */
  private Reply platform(String[] path, Map<String, String> query) {
    String id = query.get("resource");
    String service = services.get(id);
    FaultState faults = service == null ? null : fleet.faults(service).orElse(null);
    if (faults == null) {
      return new Reply(400, "{\"id\":\"invalid\",\"message\":\"unknown resource\"}");
    }
    Instant now = clock.instant();
    if (path[0].equals("logs")) {
      if (query.get("ownerId") == null) {
        return new Reply(400, "{\"id\":\"invalid\",\"message\":\"ownerId is required\"}");
      }
      Instant from = DemoHttp.instant(query.get("startTime"), now.minus(Duration.ofHours(1)));
      int limit = Math.min(100, Integer.parseInt(query.getOrDefault("limit", "20")));
      return SimulatedPlatform.renderLogs(
          id, service, SimulatedPlatform.logs(service, faults, now, from, limit), from);
    }
    return path.length == 2
        ? SimulatedPlatform.metric(path[1], id, faults, now)
        : new Reply(404, "{\"id\":\"not-found\",\"message\":\"not found\"}");
  }

  private Reply rollback(String id, List<SimulatedDeploy> deploys, String target) {
    SimulatedDeploy old =
        deploys.stream()
            .filter(d -> d.id.equals(target) && d.version != null)
            .findFirst()
            .orElse(null);
    if (old == null) {
      return new Reply(
          400, "{\"id\":\"invalid\",\"message\":\"deployId must be a successful deploy\"}");
    }
    Instant now = clock.instant();
    SimulatedDeploy rollback =
        new SimulatedDeploy(
            "dep-" + shortHash(id + "rb" + (++rollbacks)) + "rollback" + rollbacks,
            old.commit,
            old.message,
            "rollback",
            old.version,
            "update_in_progress",
            now);
    rollback.liveAt = now.plus(SWITCH);
    deploys.addFirst(rollback);
    return new Reply(201, deploy(rollback).toString());
  }

  /**
   * {@code GET /services/{id}/events?type&startTime&endTime&limit}: newest first, each as {@code
   * {event: {id, timestamp, serviceId, type, details}}}.
   */
  private Reply events(String id, Map<String, String> query) {
    Instant now = clock.instant();
    Instant from = DemoHttp.instant(query.get("startTime"), now.minus(Duration.ofHours(1)));
    Instant to = DemoHttp.instant(query.get("endTime"), now);
    int limit = Math.min(100, Integer.parseInt(query.getOrDefault("limit", "20")));
    String type = query.get("type");
    ArrayNode page = JSON.createArrayNode();
    List<ObjectNode> all = events.getOrDefault(id, List.of());
    for (int i = all.size() - 1; i >= 0 && page.size() < limit; i--) {
      ObjectNode event = all.get(i);
      Instant at = Instant.parse(event.get("timestamp").asText());
      if (!at.isBefore(from)
          && !at.isAfter(to)
          && (type == null || type.equals(event.get("type").asText()))) {
        page.addObject().set("event", event);
      }
    }
    return new Reply(200, page.toString());
  }

  /**
   * Rollbacks whose time has come go live; the service then runs the old build's version. Restarts
   * whose time has come take effect: the service comes back, and a {@code server_restarted} event
   * records it.
   */
  void settle(Instant now) {
    restarts
        .entrySet()
        .removeIf(restart -> {
          if (now.isBefore(restart.getValue())) {
            return false;
          }
          String id = restart.getKey();
          fleet.restart(services.get(id));
          List<ObjectNode> log = events.computeIfAbsent(id, k -> new ArrayList<>());
          ObjectNode event = JSON.createObjectNode();
          event.put("id", "evt-" + shortHash(id + "restart" + log.size()) + "demo" + log.size());
          event.put("timestamp", restart.getValue().toString());
          event.put("serviceId", id);
          event.put("type", "server_restarted");
          event.putObject("details").put("triggeredByUser", "usr-demo-oncall");
          log.add(event);
          return true;
        });
    histories.forEach((id, deploys) -> {
      for (SimulatedDeploy deploy : deploys) {
        if (deploy.liveAt != null && !now.isBefore(deploy.liveAt)) {
          deploy.liveAt = null;
          for (SimulatedDeploy other : deploys) {
            if (other.status.equals("live")) {
              other.status = "deactivated";
            }
          }
          deploy.status = "live";
          fleet.runVersion(services.get(id), deploy.version);
        }
      }
    });
  }

  private ObjectNode service(String id) {
    ObjectNode service = JSON.createObjectNode();
    service.put("id", id);
    service.put("name", "brainops-" + services.get(id));
    service.put("type", "web_service");
    service.put("autoDeploy", autoDeploy.get(id) ? "yes" : "no");
    service.put("branch", "main");
    // The fields Render's description marks required.
    service.put("createdAt", "2025-03-01T10:00:00Z");
    service.put("updatedAt", clock.instant().toString());
    service.put("dashboardUrl", "https://dashboard.render.com/web/" + id);
    service.put("notifyOnFail", "default");
    service.put("ownerId", "tea-demo");
    service.put("rootDir", "");
    service.put("slug", "brainops-" + services.get(id));
    service.put("suspended", "not_suspended");
    service.putArray("suspenders");
    service.putObject("serviceDetails").put("env", "node").put("region", "oregon");
    return service;
  }

  private static ObjectNode deploy(SimulatedDeploy deploy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", deploy.id);
    ObjectNode commit = node.putObject("commit");
    commit.put("id", deploy.commit);
    commit.put("message", deploy.message);
    commit.put("createdAt", deploy.createdAt.minus(Duration.ofMinutes(3)).toString());
    node.put("status", deploy.status);
    node.put("trigger", deploy.author);
    node.put("createdAt", deploy.createdAt.toString());
    node.put("updatedAt", deploy.createdAt.plus(Duration.ofMinutes(4)).toString());
    if (!deploy.status.endsWith("in_progress")) {
      node.put("finishedAt", deploy.createdAt.plus(Duration.ofMinutes(4)).toString());
    }
    return node;
  }
}
