package dev.opsbot.demo;

import static dev.opsbot.demo.SimulatedDeploy.hash;
import static dev.opsbot.demo.SimulatedDeploy.shortHash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.demo.DemoHttp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vercel's redeploy and runtime logs in the stand-in: {@code POST /v13/deployments} with a
 * deploymentId and target production builds it again (READY a few seconds later, then production
 * moves to it and the simulated app restarts), {@code GET /v13/deployments/{id}} follows it, and
 * {@code GET /v1/projects/{p}/deployments/{d}/runtime-logs} streams log lines. Not thread-safe:
 * {@link SimulatedDeployApis} holds its lock around every call.
 */
final class SimulatedVercelRedeploys {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration BUILD = Duration.ofSeconds(4);

  private final Clock clock;
  private final SimulatedVercelApi vercel;
  private final DemoServices fleet;
  private final Map<String, String> projectOf = new LinkedHashMap<>();
  private int builds;

  SimulatedVercelRedeploys(Clock clock, SimulatedVercelApi vercel, DemoServices fleet) {
    this.clock = clock;
    this.vercel = vercel;
    this.fleet = fleet;
  }

  /** The answer for a path this class serves; null for the others. */
  Reply route(String method, String[] path, JsonNode body) {
    if (path.length == 2 && path[0].equals("v13") && path[1].equals("deployments")) {
      return method.equals("POST") ? redeploy(body) : null;
    }
    if (path.length == 3 && path[0].equals("v13") && path[1].equals("deployments")) {
      String project = projectOf.get(path[2]);
      SimulatedDeploy deploy = project == null ? null : vercel.find(project, path[2]);
      return deploy == null ? notFound("Deployment not found") : new Reply(200, json(deploy));
    }
    if (path.length == 6 && path[0].equals("v1") && path[5].equals("runtime-logs")) {
      String service = vercel.serviceOf(path[2]);
      FaultState faults = service == null ? null : fleet.faults(service).orElse(null);
      if (faults == null) {
        return notFound("Project not found");
      }
      Instant now = clock.instant();
      return new Reply(
          200,
          SimulatedPlatform.vercelLogs(
              service + ".vercel.app",
              SimulatedPlatform.logs(service, faults, now, now.minus(Duration.ofHours(1)), 200)));
    }
    return null;
  }

  private Reply redeploy(JsonNode body) {
    String project = body.path("project").asText(null);
    String from = body.path("deploymentId").asText(null);
    if (project == null || vercel.serviceOf(project) == null) {
      return notFound("Project not found");
    }
    SimulatedDeploy old = vercel.find(project, from);
    if (old == null || !"production".equals(body.path("target").asText())) {
      return new Reply(
          400,
          "{\"error\":{\"code\":\"bad_request\",\"message\":\"deploymentId must be a"
              + " deployment of the project and target production\"}}");
    }
    Instant now = clock.instant();
    SimulatedDeploy build =
        new SimulatedDeploy(
            "dpl_" + shortHash(project + "redeploy" + (++builds)) + "Redeploy" + builds,
            old.commit == null ? hash(project) : old.commit,
            old.message,
            "opsbot",
            old.version,
            "BUILDING",
            now);
    build.liveAt = now.plus(BUILD);
    vercel.add(project, build);
    projectOf.put(build.id, project);
    return new Reply(200, json(build));
  }

  /** Builds whose time has come are READY and serve production; the app comes back. */
  void settle(Instant now) {
    projectOf.forEach((id, project) -> {
      SimulatedDeploy deploy = vercel.find(project, id);
      if (deploy != null && deploy.liveAt != null && !now.isBefore(deploy.liveAt)) {
        deploy.liveAt = null;
        deploy.status = "READY";
        vercel.promote(project, id);
        fleet.restart(vercel.serviceOf(project));
      }
    });
  }

  private static String json(SimulatedDeploy deploy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", deploy.id);
    node.put("url", deploy.id.toLowerCase().replace('_', '-') + ".vercel.app");
    node.put("readyState", deploy.status);
    node.put("target", "production");
    node.put("createdAt", deploy.createdAt.toEpochMilli());
    return node.toString();
  }

  private static Reply notFound(String message) {
    return new Reply(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"" + message + "\"}}");
  }
}
