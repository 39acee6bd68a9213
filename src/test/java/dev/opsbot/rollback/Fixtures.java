package dev.opsbot.rollback;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import mockwebserver3.MockResponse;

/**
 * Provider payloads in the shapes Render's and Vercel's API references document: Render's list of
 * {@code {cursor, deploy}}, its deploy and service objects and its list of events; Vercel's {@code
 * deployments} with {@code pagination}, and the project with {@code targets.production} and {@code
 * lastAliasRequest}.
 */
final class Fixtures {
  private Fixtures() {}

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse ok(String body) {
    return json(200, body);
  }

  /** A Render deploy object. */
  static String renderDeploy(String id, String status, String sha, String message, Instant at) {
    return """
    {"id":"%s","commit":{"id":"%s","message":"%s","createdAt":"%s"},"status":"%s",\
    "trigger":"new_commit","createdAt":"%s","updatedAt":"%s","finishedAt":"%s"}\
    """
        .formatted(
            id,
            sha,
            message,
            at.minusSeconds(120),
            status,
            at,
            at.plusSeconds(200),
            at.plusSeconds(240));
  }

  /** One page of Render's list deploys: each deploy with its cursor. */
  static String renderPage(List<String> deploys, int firstCursor) {
    StringBuilder page = new StringBuilder("[");
    for (int i = 0; i < deploys.size(); i++) {
      if (i > 0) {
        page.append(',');
      }
      page.append("{\"cursor\":\"cur-")
          .append(firstCursor + i)
          .append("\",\"deploy\":")
          .append(deploys.get(i))
          .append('}');
    }
    return page.append(']').toString();
  }

  /**
   * Render's list events: each as {@code {event: {id, timestamp, serviceId, type, details}}}; a
   * pair of type and time per event, with the details each type carries.
   */
  static String renderEvents(String serviceId, Object... typeAndTime) {
    StringBuilder page = new StringBuilder("[");
    for (int i = 0; i < typeAndTime.length; i += 2) {
      String type = (String) typeAndTime[i];
      String details =
          switch (type) {
            case "server_restarted" -> "{\"triggeredByUser\":\"usr-ana\"}";
            case "server_failed" ->
                "{\"instanceID\":\""
                    + serviceId
                    + "-x1\",\"reason\":{\"evicted\":false,"
                    + "\"nonZeroExit\":1}}";
            default -> "{}";
          };
      page.append(i == 0 ? "" : ",")
          .append(
              """
              {"event":{"id":"evt-%d","timestamp":"%s","serviceId":"%s","type":"%s",\
              "details":%s}}\
              """
                  .formatted(i / 2, typeAndTime[i + 1], serviceId, type, details));
    }
    return page.append(']').toString();
  }

  static String renderService(String id, boolean autoDeploy) {
    return """
    {"id":"%s","name":"brainops-backend-prod","type":"web_service","autoDeploy":"%s",\
    "branch":"main","repo":"https://github.com/brainops/backend",\
    "createdAt":"2025-03-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z",\
    "dashboardUrl":"https://dashboard.render.com/web/%s","notifyOnFail":"default",\
    "ownerId":"tea-brainops","rootDir":"","slug":"brainops-backend-prod",\
    "suspended":"not_suspended","suspenders":[],\
    "serviceDetails":{"env":"node","plan":"standard","region":"oregon"}}\
    """
        .formatted(id, autoDeploy ? "yes" : "no", id);
  }

  /** A Vercel deployment as GET /v7/deployments lists it, one Vercel can roll back to. */
  static String vercelDeployment(
      String uid, String state, String sha, String message, String author, Instant at) {
    return vercelDeployment(uid, state, sha, message, author, at, true);
  }

  /** {@code candidate}: whether Vercel can roll back to it ({@code isRollbackCandidate}). */
  static String vercelDeployment(
      String uid,
      String state,
      String sha,
      String message,
      String author,
      Instant at,
      boolean candidate) {
    return """
    {"uid":"%s","name":"weathercraft-erp","url":"%s.vercel.app","created":%d,"createdAt":%d,\
    "ready":%d,"state":"%s","readyState":"%s","type":"LAMBDAS","target":"production",\
    "projectId":"prj_erp","inspectorUrl":"https://vercel.com/ops/weathercraft-erp/%s",\
    "isRollbackCandidate":%s,"readySubstate":"%s",\
    "creator":{"uid":"usr_1","username":"%s"},"meta":{"githubCommitSha":"%s",\
    "githubCommitMessage":"%s","githubCommitAuthorName":"%s","githubCommitRef":"main"}}\
    """
        .formatted(
            uid,
            uid,
            at.toEpochMilli(),
            at.toEpochMilli(),
            at.plusSeconds(90).toEpochMilli(),
            state,
            state,
            uid,
            candidate,
            candidate ? "PROMOTED" : "STAGED",
            author,
            sha,
            message,
            author);
  }

  static String vercelPage(List<String> deployments, Long next) {
    return "{\"deployments\":["
        + deployments.stream().collect(Collectors.joining(","))
        + "],\"pagination\":{\"count\":"
        + deployments.size()
        + ",\"next\":"
        + next
        + ",\"prev\":null}}";
  }

  /** GET /v9/projects/{id}: the production deployment and the last alias request. */
  static String vercelProject(String id, String production, String aliasTo, String jobStatus) {
    String alias =
        aliasTo == null
            ? "null"
            : """
            {"fromDeploymentId":"%s","toDeploymentId":"%s","jobStatus":"%s",\
            "requestedAt":1764662400000,"type":"rollback"}\
            """
                .formatted(production, aliasTo, jobStatus);
    return """
    {"id":"%s","name":"weathercraft-erp","framework":"nextjs","targets":{"production":\
    {"id":"%s","readyState":"READY"}},"lastAliasRequest":%s}\
    """
        .formatted(id, production, alias);
  }
}
