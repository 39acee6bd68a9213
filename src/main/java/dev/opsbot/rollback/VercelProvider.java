package dev.opsbot.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Vercel's REST API: a project's production deployments, rollback (the production domains point at
 * an earlier deployment again) and its progress through the project's {@code lastAliasRequest}, and
 * a redeploy of the production deployment (the restart of a Vercel project).
 *
 * <p>Vercel rolls back only to a deployment that served production traffic, and on Hobby plans only
 * to the previous one; each listed deployment says whether it qualifies ({@code
 * isRollbackCandidate}). A READY deployment that does not is listed as {@link
 * DeployState#NOT_A_TARGET}, with the reason in its status, so it is never offered and a request
 * for it is refused with why.
 */
public final class VercelProvider implements DeployProvider {
  private static final int PAGE = 20;

  private final HttpUrl base;
  private final String teamId;
  private final ProviderHttp http;

  public VercelProvider(
      RollbackSettings.VercelApi settings, OkHttpClient client, Clock clock, Pause pause) {
    this.base = HttpUrl.get(settings.apiUrl());
    this.teamId = settings.teamId();
    this.http = new ProviderHttp("Vercel", "VERCEL_TOKEN", settings.token(), client, clock, pause);
  }

  @Override
  public String name() {
    return "vercel";
  }

  @Override
  public String title() {
    return "Vercel";
  }

  @Override
  public List<Deploy> recentDeploys(String id, int limit) {
    String live =
        ProviderHttp.text(
            project(id, "reading project " + id).path("targets").path("production").get("id"));
    List<Deploy> deploys = new ArrayList<>();
    String until = null;
    for (int page = 0; page < limit / PAGE + 2 && deploys.size() < limit; page++) {
      HttpUrl.Builder url = deployments(id, "READY");
      if (until != null) {
        url.addQueryParameter("until", until);
      }
      JsonNode answer =
          http.get(url.build().toString(), "listing the production deployments of " + id);
      JsonNode items = answer.path("deployments");
      if (!items.isArray()) {
        throw badShape("a list of deployments", id);
      }
      for (JsonNode item : items) {
        if (deploys.size() < limit) {
          deploys.add(deploy(item, live));
        }
      }
      // pagination.next is the timestamp to pass as until for the next (older) page; null on
      // the last. The same one twice would fetch the same page again.
      String next = ProviderHttp.text(answer.path("pagination").get("next"));
      if (next == null || items.isEmpty() || next.equals(until)) {
        break;
      }
      until = next;
    }
    return deploys;
  }

  @Override
  public Optional<Deploy> deployInProgress(String id, List<Deploy> recent) {
    JsonNode answer =
        http.get(
            deployments(id, "BUILDING,QUEUED,INITIALIZING").build().toString(),
            "looking for production deployments in progress of " + id);
    for (JsonNode item : answer.path("deployments")) {
      return Optional.of(deploy(item, null));
    }
    return Optional.empty();
  }

  @Override
  public RollbackStarted rollback(String id, Deploy target) {
    HttpUrl.Builder url = url("v1", "projects", id, "rollback", target.id());
    http.post(url.build().toString(), "{}", "rolling " + id + " back to " + target.id());
    return new RollbackStarted(target.id(), "requested");
  }

  @Override
  public DeployProgress progress(String id, Deploy target, RollbackStarted started) {
    JsonNode project = project(id, "reading the rollback state of project " + id);
    JsonNode request = project.path("lastAliasRequest");
    if (target.id().equals(ProviderHttp.text(request.get("toDeploymentId")))) {
      String status = String.valueOf(ProviderHttp.text(request.get("jobStatus")));
      return switch (status) {
        case "succeeded" -> new DeployProgress.Live();
        case "failed", "skipped" ->
            new DeployProgress.Failed("Vercel reports the rollback " + status);
        default -> new DeployProgress.Pending(status);
      };
    }
    String production = ProviderHttp.text(project.path("targets").path("production").get("id"));
    return target.id().equals(production)
        ? new DeployProgress.Live()
        : new DeployProgress.Pending("not yet recorded");
  }

  /**
   * Redeploys: {@code POST /v13/deployments} with the live deployment's id and target production
   * builds it again, and Vercel moves the production domains to the new one when it is ready.
   */
  @Override
  public RollbackStarted restart(String id, Deploy live) {
    String name = ProviderHttp.text(project(id, "reading project " + id).get("name"));
    Map<String, String> body = new LinkedHashMap<>();
    body.put("name", name == null ? id : name);
    body.put("project", id);
    body.put("deploymentId", live.id());
    body.put("target", "production");
    JsonNode answer =
        http.post(
            url("v13", "deployments").build().toString(),
            ProviderHttp.json(body),
            "redeploying " + live.id() + " of " + id);
    String created = ProviderHttp.text(answer.get("id"));
    if (created == null) {
      throw badShape("the new deployment", id);
    }
    return new RollbackStarted(created, ProviderHttp.text(answer.get("readyState")));
  }

  /** The new deployment's readyState; {@code requestedAt} plays no part. */
  @Override
  public DeployProgress restartProgress(String id, RollbackStarted started, Instant requestedAt) {
    JsonNode deployment =
        http.get(
            url("v13", "deployments", started.deployId()).build().toString(),
            "reading deployment " + started.deployId() + " of " + id);
    String state = String.valueOf(ProviderHttp.text(deployment.get("readyState")));
    return switch (state) {
      case "READY" -> new DeployProgress.Live();
      case "ERROR", "CANCELED" ->
          new DeployProgress.Failed("Vercel reports the deployment " + state);
      default -> new DeployProgress.Pending(state);
    };
  }

  private JsonNode project(String id, String doing) {
    return http.get(url("v9", "projects", id).build().toString(), doing);
  }

  private HttpUrl.Builder deployments(String id, String state) {
    return url("v7", "deployments")
        .addQueryParameter("projectId", id)
        .addQueryParameter("target", "production")
        .addQueryParameter("state", state)
        .addQueryParameter("limit", String.valueOf(PAGE));
  }

  private HttpUrl.Builder url(String... segments) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    if (teamId != null) {
      url.addQueryParameter("teamId", teamId);
    }
    return url;
  }

  /** One listed deployment; {@code live} is the id of the one in production now. */
  private static Deploy deploy(JsonNode item, String live) {
    String state =
        ProviderHttp.text(item.has("readyState") ? item.get("readyState") : item.get("state"));
    String status = state;
    DeployState mapped =
        switch (String.valueOf(state)) {
          case "READY" -> DeployState.SUPERSEDED;
          case "BUILDING", "QUEUED", "INITIALIZING" -> DeployState.IN_PROGRESS;
          case "ERROR" -> DeployState.FAILED;
          case "CANCELED" -> DeployState.CANCELED;
          default -> DeployState.OTHER;
        };
    String uid = ProviderHttp.text(item.get("uid"));
    String barred = mapped == DeployState.SUPERSEDED ? notACandidate(item) : null;
    if (uid != null && uid.equals(live)) {
      mapped = DeployState.LIVE;
    } else if (barred != null) {
      mapped = DeployState.NOT_A_TARGET;
      status = state + ", " + barred;
    }
    JsonNode meta = item.path("meta");
    String author = ProviderHttp.text(meta.get("githubCommitAuthorName"));
    if (author == null) {
      author = ProviderHttp.text(item.path("creator").get("username"));
    }
    return new Deploy(
        uid,
        ProviderHttp.text(meta.get("githubCommitSha")),
        ProviderHttp.text(meta.get("githubCommitMessage")),
        author,
        mapped,
        status,
        ProviderHttp.time(item.has("createdAt") ? item.get("createdAt") : item.get("created")),
        ProviderHttp.time(item.get("ready")));
  }

  /**
   * Why Vercel would refuse to roll back to a READY deployment, or null when it would not. Vercel
   * says so in {@code isRollbackCandidate}; without it, {@code readySubstate} PROMOTED (it served
   * production traffic) is the best sign there is, and a deployment that says neither is not
   * offered.
   */
  static String notACandidate(JsonNode item) {
    JsonNode candidate = item.get("isRollbackCandidate");
    String substate = ProviderHttp.text(item.get("readySubstate"));
    if (candidate != null && candidate.isBoolean()) {
      if (candidate.booleanValue()) {
        return null;
      }
      return "STAGED".equals(substate)
          ? "never served production traffic"
          : "not a rollback candidate (Hobby plans roll back only to the previous production"
              + " deployment)";
    }
    if ("PROMOTED".equals(substate)) {
      return null;
    }
    return "STAGED".equals(substate)
        ? "never served production traffic"
        : "Vercel did not say it can be rolled back to";
  }

  private ProviderException badShape(String what, String id) {
    return new ProviderException(
        ProviderException.Kind.BAD_RESPONSE,
        200,
        null,
        "Vercel's answer for "
            + id
            + " did not contain "
            + what
            + ": is rollback.vercel.apiUrl Vercel's API (https://api.vercel.com)?");
  }
}
