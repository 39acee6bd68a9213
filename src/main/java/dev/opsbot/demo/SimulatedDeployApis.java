package dev.opsbot.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;

/**
 * Loopback stand-ins for the Render and Vercel REST APIs, in their documented shapes, holding a
 * deploy history for each service of the demo fleet. A rollback goes live a few seconds after it is
 * asked for, and the simulated service then reports the version of the deploy rolled back to.
 */
final class SimulatedDeployApis implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration RENDER_SWITCH = Duration.ofSeconds(4);
  private static final Duration VERCEL_SWITCH = Duration.ofSeconds(2);

  /** One deploy in the stand-in's history; {@code liveAt} is when a rollback deploy goes live. */
  private static final class Entry {
    final String id;
    final String commit;
    final String message;
    final String author;
    final String version;
    final Instant createdAt;
    String status;
    Instant liveAt;

    Entry(
        String id,
        String commit,
        String message,
        String author,
        String version,
        String status,
        Instant createdAt) {
      this.id = id;
      this.commit = commit;
      this.message = message;
      this.author = author;
      this.version = version;
      this.status = status;
      this.createdAt = createdAt;
    }
  }

  /** A Vercel project's alias request: the last promote or rollback. */
  private record AliasRequest(String from, String to, Instant requestedAt) {}

  private final Clock clock;
  private final BiConsumer<String, String> runVersion;
  private final String renderKey;
  private final String vercelToken;
  private final Map<String, String> renderServices = new LinkedHashMap<>();
  private final Map<String, String> vercelProjects = new LinkedHashMap<>();
  // Newest first, as both APIs list them.
  private final Map<String, List<Entry>> histories = new LinkedHashMap<>();
  private final Map<String, Boolean> autoDeploy = new LinkedHashMap<>();
  private final Map<String, AliasRequest> aliasRequests = new LinkedHashMap<>();
  private final Map<String, String> production = new LinkedHashMap<>();
  private HttpServer server;
  private int rollbacks;

  private SimulatedDeployApis(Clock clock, BiConsumer<String, String> runVersion) {
    this.clock = clock;
    this.runVersion = runVersion;
    this.renderKey = "rnd_demo" + token();
    this.vercelToken = "vercel_demo" + token();
  }

  /** Histories for the demo fleet: each Render service's current version is its live deploy's. */
  static SimulatedDeployApis start(Clock clock, BiConsumer<String, String> runVersion) {
    SimulatedDeployApis apis = new SimulatedDeployApis(clock, runVersion);
    apis.renderHistory(
        "backend",
        "srv-demo-backend",
        List.of("163.0.16", "163.0.15", "163.0.14", "163.0.13"),
        List.of(
            "Batch invoice sync for ERP webhooks",
            "Fix tenant filter on /jobs",
            "Raise pool size for the agents",
            "Add /observability/metrics"));
    apis.renderHistory(
        "ai-agents",
        "srv-demo-ai-agents",
        List.of("9.1.1", "9.1.0", "9.0.4", "9.0.3"),
        List.of(
            "Scheduler: 61 agents, PricingOptimizer hourly",
            "AUREA: supervised autonomy by default",
            "Retry MCP calls once",
            "Log agent durations"));
    apis.renderHistory(
        "mcp-bridge",
        "srv-demo-mcp-bridge",
        List.of("1.0.0", "0.9.8", "0.9.7", "0.9.6"),
        List.of(
            "245 tools: add stripe and ai-cli",
            "Playwright server timeouts",
            "Supabase sql_query read-only",
            "Docker tool"));
    apis.vercelHistory("erp", "prj_demo_erp");
    apis.vercelHistory("mrg", "prj_demo_mrg");
    apis.vercelHistory("command-center", "prj_demo_command_center");
    apis.listen();
    return apis;
  }

  private void renderHistory(
      String service, String id, List<String> versions, List<String> messages) {
    renderServices.put(id, service);
    autoDeploy.put(id, true);
    Instant now = clock.instant();
    List<Entry> deploys = new ArrayList<>();
    // Between each two releases, a deploy that failed to build: the target search must skip it.
    for (int i = 0; i < versions.size(); i++) {
      Instant at = now.minus(Duration.ofHours(6L * i + 1));
      deploys.add(
          new Entry(
              "dep-" + shortHash(id + i) + "demo" + i,
              hash(id + versions.get(i)),
              messages.get(i),
              "new_commit",
              versions.get(i),
              i == 0 ? "live" : "deactivated",
              at));
      if (i == 0) {
        deploys.add(
            new Entry(
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

  private void vercelHistory(String service, String project) {
    vercelProjects.put(project, service);
    Instant now = clock.instant();
    List<Entry> deploys = new ArrayList<>();
    String[] messages = {
      "Checkout: show tax per line", "Dashboard charts load lazily", "Bump Next.js", "Copy edits"
    };
    String[] authors = {"maria", "devon", "maria", "sam"};
    for (int i = 0; i < messages.length; i++) {
      deploys.add(
          new Entry(
              "dpl_" + shortHash(project + i) + "Demo" + i,
              hash(project + i),
              messages[i],
              authors[i],
              null,
              "READY",
              now.minus(Duration.ofHours(5L * i + 2))));
    }
    histories.put(project, deploys);
    production.put(project, deploys.getFirst().id);
  }

  /** {@code DEMO_RENDER_API_URL}, {@code DEMO_VERCEL_API_URL} and the two demo tokens. */
  Map<String, String> environment() {
    String base = "http://127.0.0.1:" + server.getAddress().getPort();
    return Map.of(
        "DEMO_RENDER_API_URL",
        base + "/render/v1",
        "DEMO_VERCEL_API_URL",
        base + "/vercel",
        "RENDER_API_KEY",
        renderKey,
        "VERCEL_TOKEN",
        vercelToken);
  }

  private void listen() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on loopback for the deploy APIs", e);
    }
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/render/v1/", this::render);
    server.createContext("/vercel/", this::vercel);
    server.start();
  }

  private record Reply(int code, String json) {}

  private void render(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!("Bearer " + renderKey).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(exchange, new Reply(401, "{\"id\":\"unauthorized\",\"message\":\"unauthorized\"}"));
        return;
      }
      String[] path =
          exchange.getRequestURI().getPath().substring("/render/v1/".length()).split("/");
      String method = exchange.getRequestMethod();
      Reply reply;
      synchronized (this) {
        settle();
        reply = renderRoute(method, path, query(exchange), body(exchange));
      }
      send(exchange, reply);
    }
  }

  private Reply renderRoute(
      String method, String[] path, Map<String, String> query, JsonNode body) {
    if (path.length < 2 || !path[0].equals("services") || !renderServices.containsKey(path[1])) {
      return new Reply(404, "{\"id\":\"not-found\",\"message\":\"service not found\"}");
    }
    String id = path[1];
    List<Entry> deploys = histories.get(id);
    if (path.length == 2 && method.equals("GET")) {
      return new Reply(200, renderService(id).toString());
    }
    if (path.length == 2 && method.equals("PATCH")) {
      if (body.has("autoDeploy")) {
        autoDeploy.put(id, "yes".equals(body.path("autoDeploy").asText()));
      }
      return new Reply(200, renderService(id).toString());
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
        item.set("deploy", renderDeploy(deploys.get(i)));
      }
      return new Reply(200, page.toString());
    }
    if (path.length == 4 && path[2].equals("deploys") && method.equals("GET")) {
      return deploys.stream()
          .filter(d -> d.id.equals(path[3]))
          .findFirst()
          .map(d -> new Reply(200, renderDeploy(d).toString()))
          .orElse(new Reply(404, "{\"id\":\"not-found\",\"message\":\"deploy not found\"}"));
    }
    if (path.length == 3 && path[2].equals("rollback") && method.equals("POST")) {
      String target = body.path("deployId").asText();
      Entry old =
          deploys.stream()
              .filter(d -> d.id.equals(target) && d.version != null)
              .findFirst()
              .orElse(null);
      if (old == null) {
        return new Reply(
            400, "{\"id\":\"invalid\",\"message\":\"deployId must be a successful deploy\"}");
      }
      Instant now = clock.instant();
      Entry rollback =
          new Entry(
              "dep-" + shortHash(id + "rb" + (++rollbacks)) + "rollback" + rollbacks,
              old.commit,
              old.message,
              "rollback",
              old.version,
              "update_in_progress",
              now);
      rollback.liveAt = now.plus(RENDER_SWITCH);
      deploys.addFirst(rollback);
      return new Reply(201, renderDeploy(rollback).toString());
    }
    return new Reply(404, "{\"id\":\"not-found\",\"message\":\"not found\"}");
  }

  /** Rollbacks whose time has come go live; the service then runs the old build's version. */
  private void settle() {
    Instant now = clock.instant();
    histories.forEach((id, deploys) -> {
      for (Entry deploy : deploys) {
        if (deploy.liveAt != null && !now.isBefore(deploy.liveAt)) {
          deploy.liveAt = null;
          for (Entry other : deploys) {
            if (other.status.equals("live")) {
              other.status = "deactivated";
            }
          }
          deploy.status = "live";
          runVersion.accept(renderServices.get(id), deploy.version);
        }
      }
    });
    aliasRequests.forEach((project, request) -> {
      if (!now.isBefore(request.requestedAt().plus(VERCEL_SWITCH))) {
        production.put(project, request.to());
      }
    });
  }

  private ObjectNode renderService(String id) {
    ObjectNode service = JSON.createObjectNode();
    service.put("id", id);
    service.put("name", "brainops-" + renderServices.get(id));
    service.put("type", "web_service");
    service.put("autoDeploy", autoDeploy.get(id) ? "yes" : "no");
    service.put("branch", "main");
    return service;
  }

  private static ObjectNode renderDeploy(Entry deploy) {
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

  private void vercel(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!("Bearer " + vercelToken)
          .equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
        send(
            exchange,
            new Reply(403, "{\"error\":{\"code\":\"forbidden\",\"message\":\"Not authorized\"}}"));
        return;
      }
      String[] path = exchange.getRequestURI().getPath().substring("/vercel/".length()).split("/");
      Reply reply;
      synchronized (this) {
        settle();
        reply = vercelRoute(exchange.getRequestMethod(), path, query(exchange));
      }
      send(exchange, reply);
    }
  }

  private Reply vercelRoute(String method, String[] path, Map<String, String> query) {
    Reply notFound =
        new Reply(404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Project not found\"}}");
    if (path.length == 2 && path[0].equals("v6") && path[1].equals("deployments")) {
      String project = query.get("projectId");
      if (!vercelProjects.containsKey(project)) {
        return notFound;
      }
      List<String> states = List.of(query.getOrDefault("state", "READY").split(","));
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode list = answer.putArray("deployments");
      for (Entry deploy : histories.get(project)) {
        if (states.contains(deploy.status)) {
          list.add(vercelDeployment(project, deploy));
        }
      }
      ObjectNode pagination = answer.putObject("pagination");
      pagination.put("count", list.size());
      pagination.putNull("next");
      pagination.putNull("prev");
      return new Reply(200, answer.toString());
    }
    if (path.length == 3 && path[0].equals("v9") && path[1].equals("projects")) {
      String project = path[2];
      if (!vercelProjects.containsKey(project)) {
        return notFound;
      }
      return new Reply(200, vercelProject(project).toString());
    }
    if (path.length == 5
        && path[0].equals("v1")
        && path[3].equals("rollback")
        && method.equals("POST")) {
      String project = path[2];
      if (!vercelProjects.containsKey(project)) {
        return notFound;
      }
      boolean known = histories.get(project).stream().anyMatch(d -> d.id.equals(path[4]));
      if (!known) {
        return new Reply(
            404, "{\"error\":{\"code\":\"not_found\",\"message\":\"Deployment not found\"}}");
      }
      aliasRequests.put(
          project, new AliasRequest(production.get(project), path[4], clock.instant()));
      return new Reply(201, "{}");
    }
    return notFound;
  }

  private ObjectNode vercelProject(String project) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", project);
    node.put("name", vercelProjects.get(project));
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

  private static ObjectNode vercelDeployment(String project, Entry deploy) {
    ObjectNode node = JSON.createObjectNode();
    node.put("uid", deploy.id);
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

  private static Map<String, String> query(HttpExchange exchange) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        query.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return query;
  }

  private static JsonNode body(HttpExchange exchange) throws IOException {
    byte[] bytes = exchange.getRequestBody().readNBytes(64 * 1024);
    if (bytes.length == 0) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      return JSON.createObjectNode();
    }
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    DemoHttp.sendJson(exchange, reply.code(), reply.json());
  }

  private static String hash(String seed) {
    try {
      byte[] digest =
          java.security.MessageDigest.getInstance("SHA-1")
              .digest(seed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String shortHash(String seed) {
    return hash(seed).substring(0, 8);
  }

  private static String token() {
    byte[] bytes = new byte[16];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop(0);
    }
  }
}
