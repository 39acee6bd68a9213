package dev.opsbot.demo;

import static dev.opsbot.demo.SimulatedDeploy.hash;
import static dev.opsbot.demo.SimulatedDeploy.shortHash;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opsbot.demo.DemoHttp.Reply;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Vercel REST API's stand-in: projects with a deploy history and a production alias that a
 * rollback moves a few seconds after it is asked for. Not thread-safe: {@link SimulatedDeployApis}
 * holds its lock around every call.
 */
final class SimulatedVercelApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SWITCH = Duration.ofSeconds(2);
  private static final int PAGE = 3;

  /** A project's alias request: the last promote or rollback. */
  private record AliasRequest(String from, String to, Instant requestedAt) {}

  private final Clock clock;
  private final Map<String, String> projects = new LinkedHashMap<>();
  // Newest first, as the API lists them.
  private final Map<String, List<SimulatedDeploy>> histories = new LinkedHashMap<>();
  private final Map<String, AliasRequest> aliasRequests = new LinkedHashMap<>();
  private final Map<String, String> production = new LinkedHashMap<>();
  // Deployments that never served production traffic (built with --skip-domain): not rollback
  // candidates.
  private final Set<String> staged = new HashSet<>();

  SimulatedVercelApi(Clock clock) {
    this.clock = clock;
  }

  /** Adds a project with four ready deploys, the newest in production. */
  void addProject(String service, String project) {
    projects.put(project, service);
    Instant now = clock.instant();
    List<SimulatedDeploy> deploys = new ArrayList<>();
    String[] messages = {
      "Checkout: show tax per line", "Dashboard charts load lazily", "Bump Next.js", "Copy edits"
    };
    String[] authors = {"maria", "devon", "maria", "sam"};
    for (int i = 0; i < messages.length; i++) {
      deploys.add(
          new SimulatedDeploy(
              "dpl_" + shortHash(project + i) + "Demo" + i,
              hash(project + i),
              messages[i],
              authors[i],
              null,
              "READY",
              now.minus(Duration.ofHours(5L * i + 2))));
    }
    histories.put(project, deploys);
    staged.add(deploys.getLast().id);
    production.put(project, deploys.getFirst().id);
  }

  static Reply unauthorized() {
    return new Reply(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}");
  }

  /** Answers a request below the API's root, split into {@code path}. */
  Reply route(String method, String[] path, Map<String, String> query) {
    Reply notFound =
        new Reply(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Project not found\"}}");
    if (path.length == 2 && path[0].equals("v7") && path[1].equals("deployments")) {
      String project = query.get("projectId");
      if (!projects.containsKey(project)) {
        return notFound;
      }
      return new Reply(200, page(project, query).toString());
    }
    if (path.length == 3 && path[0].equals("v9") && path[1].equals("projects")) {
      String project = path[2];
      if (!projects.containsKey(project)) {
        return notFound;
      }
      return new Reply(200, project(project).toString());
    }
    if (path.length == 5
        && path[0].equals("v1")
        && path[3].equals("rollback")
        && method.equals("POST")) {
      String project = path[2];
      if (!projects.containsKey(project)) {
        return notFound;
      }
      boolean known = histories.get(project).stream().anyMatch(d -> d.id.equals(path[4]));
      if (!known) {
        return new Reply(
            404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Deployment not found\"}}");
      }
      if (staged.contains(path[4])) {
        return new Reply(
            400,
            "{\"error\":{\"code\":\"bad_request\",\"message\":\"The deployment is not a"
                + " rollback candidate\"}}");
      }
      aliasRequests.put(
          project, new AliasRequest(production.get(project), path[4], clock.instant()));
      return new Reply(201, "{}");
    }
    return notFound;
  }

  /**
   * One page of {@code GET /v7/deployments}, newest first: those created before {@code until}, at
   * most {@code limit} and never more than {@link #PAGE}, so that opsbot pages even through a short
   * demo history; {@code pagination.next} is the creation time of the last one when there are older
   * ones.
   */
  private ObjectNode page(String project, Map<String, String> query) {
    List<String> states = List.of(query.getOrDefault("state", "READY").split(","));
    int limit = Math.min(PAGE, Integer.parseInt(query.getOrDefault("limit", "20")));
    long until = Long.parseLong(query.getOrDefault("until", String.valueOf(Long.MAX_VALUE)));
    boolean candidatesOnly = "true".equals(query.get("rollbackCandidate"));
    List<SimulatedDeploy> matching =
        histories.get(project).stream()
            .filter(d -> states.contains(d.status))
            .filter(d -> d.createdAt.toEpochMilli() < until)
            .filter(d -> !candidatesOnly || !staged.contains(d.id))
            .toList();
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode list = answer.putArray("deployments");
    matching.stream().limit(limit).forEach(d -> list.add(deployment(project, d)));
    ObjectNode pagination = answer.putObject("pagination");
    pagination.put("count", list.size());
    if (matching.size() > limit) {
      pagination.put("next", matching.get(limit - 1).createdAt.toEpochMilli());
    } else {
      pagination.putNull("next");
    }
    pagination.putNull("prev");
    return answer;
  }

  /** Alias requests whose time has come move production. */
  void settle(Instant now) {
    aliasRequests.forEach((project, request) -> {
      if (!now.isBefore(request.requestedAt().plus(SWITCH))) {
        production.put(project, request.to());
      }
    });
  }

  private ObjectNode project(String project) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", project);
    node.put("name", projects.get(project));
    node.put("framework", "nextjs");
    ObjectNode live = node.putObject("targets").putObject("production");
    live.put("id", production.get(project));
    live.put("readyState", "READY");
    AliasRequest request = aliasRequests.get(project);
    if (request == null) {
      node.putNull("lastAliasRequest");
    } else {
      ObjectNode alias = node.putObject("lastAliasRequest");
      alias.put("fromDeploymentId", request.from());
      alias.put("toDeploymentId", request.to());
      alias.put(
          "jobStatus", request.to().equals(production.get(project)) ? "succeeded" : "in-progress");
      alias.put("requestedAt", request.requestedAt().toEpochMilli());
      alias.put("type", "rollback");
    }
    return node;
  }

  private ObjectNode deployment(String project, SimulatedDeploy deploy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("uid", deploy.id);
    node.put("projectId", project);
    node.put(
        "inspectorUrl",
        "https://vercel.com/demo/" + projects.get(project) + "/" + deploy.id.substring(4));
    if (deploy.status.equals("READY")) {
      boolean candidate = !staged.contains(deploy.id);
      node.put("isRollbackCandidate", candidate);
      node.put("readySubstate", candidate ? "PROMOTED" : "STAGED");
    }
    node.put("name", project.replace("prj_demo_", "").replace('_', '-'));
    node.put("url", deploy.id.toLowerCase().replace('_', '-') + ".vercel.app");
    node.put("created", deploy.createdAt.toEpochMilli());
    node.put("createdAt", deploy.createdAt.toEpochMilli());
    node.put("ready", deploy.createdAt.plus(Duration.ofMinutes(2)).toEpochMilli());
    node.put("state", deploy.status);
    node.put("readyState", deploy.status);
    node.put("type", "LAMBDAS");
    node.put("target", "production");
    node.putObject("creator").put("uid", "usr_demo").put("username", deploy.author);
    ObjectNode meta = node.putObject("meta");
    meta.put("githubCommitSha", deploy.commit);
    meta.put("githubCommitMessage", deploy.message);
    meta.put("githubCommitAuthorName", deploy.author);
    meta.put("githubCommitRef", "main");
    return node;
  }

  // --- For the redeploys of SimulatedVercelRedeploys ----------------------------------------

  /** The service a project deploys; null for an unknown project. */
  String serviceOf(String project) {
    return projects.get(project);
  }

  /** The production deployment of a project now. */
  String productionOf(String project) {
    return production.get(project);
  }

  /** A deployment of the project, newest first in its history. */
  SimulatedDeploy find(String project, String id) {
    return histories.get(project).stream().filter(d -> d.id.equals(id)).findFirst().orElse(null);
  }

  /** A new deployment, building; it serves production once {@link #promote} moves it there. */
  void add(String project, SimulatedDeploy deploy) {
    histories.get(project).addFirst(deploy);
  }

  void promote(String project, String id) {
    production.put(project, id);
  }
}
