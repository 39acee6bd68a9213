package dev.opsbot.rollback;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Render's REST API: a service's deploys (cursor pagination), rollback to an earlier deploy (a new
 * deploy from the old build), its status, a restart and the events that show it took effect, and
 * the service's auto-deploy switch.
 */
public final class RenderProvider implements DeployProvider {
  private static final int PAGE = 20;
  private static final int EVENTS_PAGE = 100;
  private static final Set<String> RUNNING =
      Set.of(
          "created", "queued", "build_in_progress", "update_in_progress", "pre_deploy_in_progress");
  private static final Set<String> FAILED =
      Set.of("build_failed", "update_failed", "pre_deploy_failed");

  // Render's description lists 400, not 422, for a rollback it will not make: a deploy whose
  // build it no longer keeps, or one that is not this service's.
  private static final Map<Integer, String> ROLLBACK_HINTS =
      Map.of(
          400,
          "the deploy is probably too old to roll back to (Render keeps a deploy's build for a"
              + " limited time) or not a deploy of this service; pick a newer one from /rollback"
              + " <service> list",
          422,
          "the deploy is probably too old to roll back to, or not a deploy of this service; pick"
              + " a newer one from /rollback <service> list");

  private final HttpUrl base;
  private final ProviderHttp http;

  public RenderProvider(
      RollbackSettings.RenderApi settings, OkHttpClient client, Clock clock, Pause pause) {
    this.base = HttpUrl.get(settings.apiUrl());
    this.http =
        new ProviderHttp("Render", "RENDER_API_KEY", settings.apiKey(), client, clock, pause);
  }

  @Override
  public String name() {
    return "render";
  }

  @Override
  public String title() {
    return "Render";
  }

  @Override
  public List<Deploy> recentDeploys(String id, int limit) {
    List<Deploy> deploys = new ArrayList<>();
    String cursor = null;
    // A bound on pages as well as on deploys: a provider that keeps answering never loops us.
    for (int page = 0; page < limit / PAGE + 2 && deploys.size() < limit; page++) {
      HttpUrl.Builder url =
          url("services", id, "deploys").addQueryParameter("limit", String.valueOf(PAGE));
      if (cursor != null) {
        url.addQueryParameter("cursor", cursor);
      }
      JsonNode items = http.get(url.build().toString(), "listing the deploys of " + id);
      if (!items.isArray()) {
        throw badShape("a list of deploys", id);
      }
      for (JsonNode item : items) {
        if (deploys.size() < limit) {
          deploys.add(deploy(item.path("deploy")));
        }
        cursor = ProviderHttp.text(item.get("cursor"));
      }
      if (items.size() < PAGE || cursor == null) {
        break;
      }
    }
    return deploys;
  }

  @Override
  public Optional<Deploy> deployInProgress(String id, List<Deploy> recent) {
    return recent.stream().filter(d -> d.state() == DeployState.IN_PROGRESS).findFirst();
  }

  @Override
  public RollbackStarted rollback(String id, Deploy target) {
    JsonNode answer =
        http.post(
            url("services", id, "rollback").build().toString(),
            ProviderHttp.json(Map.of("deployId", target.id())),
            "rolling " + id + " back to " + target.id(),
            ROLLBACK_HINTS);
    String newDeploy = ProviderHttp.text(answer.get("id"));
    if (newDeploy == null) {
      throw badShape("the new deploy", id);
    }
    return new RollbackStarted(newDeploy, ProviderHttp.text(answer.get("status")));
  }

  @Override
  public DeployProgress progress(String id, Deploy target, RollbackStarted started) {
    JsonNode deploy =
        http.get(
            url("services", id, "deploys", started.deployId()).build().toString(),
            "reading deploy " + started.deployId() + " of " + id);
    String status = String.valueOf(ProviderHttp.text(deploy.get("status")));
    if (status.equals("live")) {
      return new DeployProgress.Live();
    }
    if (FAILED.contains(status) || status.equals("canceled") || status.equals("deactivated")) {
      return new DeployProgress.Failed("Render reports the deploy " + status);
    }
    return new DeployProgress.Pending(status);
  }

  /**
   * {@code POST /services/{serviceId}/restart}: 200 without a body once Render took it, before the
   * instances restart.
   */
  @Override
  public RollbackStarted restart(String id, Deploy live) {
    http.post(url("services", id, "restart").build().toString(), "", "restarting " + id);
    return new RollbackStarted(live.id(), "restarting");
  }

  /**
   * The service's events since the request ({@code GET /services/{serviceId}/events} from {@code
   * startTime}, one page of 100): live at a {@code server_restarted}, failed at a {@code
   * server_failed} ({@link RenderRestartEvents}). Until then the old instance may still answer, so
   * its health says nothing about the restart.
   */
  @Override
  public DeployProgress restartProgress(String id, RollbackStarted started, Instant requestedAt) {
    Instant since = RenderRestartEvents.since(requestedAt);
    JsonNode items =
        http.get(
            url("services", id, "events")
                .addQueryParameter("startTime", since.toString())
                .addQueryParameter("limit", String.valueOf(EVENTS_PAGE))
                .build()
                .toString(),
            "listing the events of " + id);
    if (!items.isArray()) {
      throw badShape("a list of events", id);
    }
    return RenderRestartEvents.progress(items, since);
  }

  @Override
  public Optional<Boolean> autoDeploy(String id) {
    JsonNode service = http.get(url("services", id).build().toString(), "reading service " + id);
    String value = ProviderHttp.text(service.get("autoDeploy"));
    return value == null ? Optional.empty() : Optional.of(value.equals("yes"));
  }

  @Override
  public void disableAutoDeploy(String id) {
    http.patch(
        url("services", id).build().toString(),
        ProviderHttp.json(Map.of("autoDeploy", "no")),
        "turning off auto-deploy of " + id);
  }

  private HttpUrl.Builder url(String... segments) {
    HttpUrl.Builder url = base.newBuilder();
    for (String segment : segments) {
      url.addPathSegment(segment);
    }
    return url;
  }

  private static Deploy deploy(JsonNode deploy) {
    String status = String.valueOf(ProviderHttp.text(deploy.get("status")));
    DeployState state =
        switch (status) {
          case "live" -> DeployState.LIVE;
          case "deactivated" -> DeployState.SUPERSEDED;
          case "canceled" -> DeployState.CANCELED;
          default ->
              RUNNING.contains(status)
                  ? DeployState.IN_PROGRESS
                  : FAILED.contains(status) ? DeployState.FAILED : DeployState.OTHER;
        };
    JsonNode commit = deploy.path("commit");
    return new Deploy(
        ProviderHttp.text(deploy.get("id")),
        ProviderHttp.text(commit.get("id")),
        ProviderHttp.text(commit.get("message")),
        null, // Render names no author, only a trigger (new_commit, rollback, ...)
        state,
        status,
        ProviderHttp.time(deploy.get("createdAt")),
        ProviderHttp.time(deploy.get("finishedAt")));
  }

  private ProviderException badShape(String what, String id) {
    return new ProviderException(
        ProviderException.Kind.BAD_RESPONSE,
        200,
        null,
        "Render's answer for "
            + id
            + " did not contain "
            + what
            + ": is rollback.render.apiUrl"
            + " Render's API (https://api.render.com/v1)?");
  }
}
