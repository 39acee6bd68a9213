package dev.opsbot.platform;

import dev.opsbot.config.RollbackSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * Reads a service's recent logs from its platform, as rollback.services says where it runs: Render
 * (its logs API, which needs the workspace id) or Vercel (the runtime logs of the production
 * deployment). Says what to configure when a service's logs cannot be read.
 */
public final class PlatformLogs {
  /** The most of one answer read: enough for Render's 100 lines of a page, long ones included. */
  static final long MAX_BYTES = 1024 * 1024;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final RollbackSettings settings;
  private final List<String> fleet;
  private final RenderLogs render;
  private final VercelLogs vercel;
  private final Clock clock;

  /**
   * @param fleet the services of the configuration, to tell an unknown service from one whose logs
   *     are not configured
   */
  public PlatformLogs(
      RollbackSettings settings, Collection<String> fleet, OkHttpClient http, Clock clock) {
    this.settings = settings;
    this.fleet = List.copyOf(fleet);
    RollbackSettings.RenderApi renderApi = settings.render();
    this.render =
        renderApi.configured() && renderApi.ownerId() != null
            ? new RenderLogs(
                HttpUrl.get(renderApi.apiUrl()),
                renderApi.ownerId(),
                new PlatformHttp("Render", "RENDER_API_KEY", renderApi.apiKey(), http, TIMEOUT),
                MAX_BYTES)
            : null;
    RollbackSettings.VercelApi vercelApi = settings.vercel();
    this.vercel =
        vercelApi.configured()
            ? new VercelLogs(
                HttpUrl.get(vercelApi.apiUrl()),
                vercelApi.teamId(),
                new PlatformHttp("Vercel", "VERCEL_TOKEN", vercelApi.token(), http, TIMEOUT),
                MAX_BYTES)
            : null;
    this.clock = clock;
  }

  public int shownLines() {
    return settings.logLines();
  }

  /** The lines of {@code service} the query asks for, oldest first. */
  public LogRead read(String service, LogQuery query) {
    RollbackSettings.DeployTarget target = settings.services().get(service);
    if (target == null) {
      if (fleet.contains(service)) {
        throw new PlatformException(
            "logs not configured for "
                + service
                + ": add it under rollback.services (provider render or vercel, and its id) in"
                + " the configuration.");
      }
      throw new PlatformException(
          "unknown service '"
              + service
              + "'"
              + (settings.services().isEmpty()
                  ? ""
                  : ": logs are readable for "
                      + String.join(", ", new java.util.TreeSet<>(settings.services().keySet())))
              + ".");
    }
    return switch (target.provider()) {
      case "render" -> {
        if (!settings.render().configured()) {
          throw notConfigured(service, "RENDER_API_KEY (Render's API key)");
        }
        if (render == null) {
          throw notConfigured(
              service,
              "rollback.render.ownerId (RENDER_OWNER_ID: the workspace id, tea-..., which Render's"
                  + " logs API requires)");
        }
        yield render.read(target.id(), query, clock.instant());
      }
      case "vercel" -> {
        if (vercel == null) {
          throw notConfigured(service, "VERCEL_TOKEN (a Vercel API token)");
        }
        yield vercel.read(target.id(), query, clock.instant());
      }
      default -> throw notConfigured(service, "a provider of render or vercel");
    };
  }

  private static PlatformException notConfigured(String service, String what) {
    return new PlatformException("logs not configured for " + service + ": set " + what + ".");
  }
}
