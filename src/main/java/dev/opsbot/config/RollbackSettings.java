package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /rollback: the deploy providers' APIs, which service is deployed where, and how long each step
 * may take. A provider without its token is off; its services answer that when asked to roll back.
 *
 * @param confirmWithin how long the Confirm button of a plan stays valid
 * @param requireApproval a second on-call member must approve before the requester may confirm
 * @param deployTimeout how long to follow the provider's deploy before giving up on it
 * @param healthTimeout how long to probe the service after the deploy is live before calling the
 *     rollback unverified
 * @param services by service id (as under services:), its provider and the provider's id for it
 * @param logLines how many of the last log lines /logs shows in the message (the rest is a file)
 * @param metricsEvery how often Render's memory and CPU metrics are read for each Render service
 */
public record RollbackSettings(
    Duration confirmWithin,
    Boolean requireApproval,
    Duration deployTimeout,
    Duration healthTimeout,
    RenderApi render,
    VercelApi vercel,
    Map<String, DeployTarget> services,
    Integer logLines,
    Duration metricsEvery) {
  public static final RollbackSettings NONE =
      new RollbackSettings(null, null, null, null, null, null, null);

  public RollbackSettings(
      Duration confirmWithin,
      Boolean requireApproval,
      Duration deployTimeout,
      Duration healthTimeout,
      RenderApi render,
      VercelApi vercel,
      Map<String, DeployTarget> services) {
    this(
        confirmWithin,
        requireApproval,
        deployTimeout,
        healthTimeout,
        render,
        vercel,
        services,
        null,
        null);
  }

  public RollbackSettings {
    confirmWithin = requireNonNullElse(confirmWithin, Duration.ofMinutes(5));
    requireApproval = requireNonNullElse(requireApproval, false);
    deployTimeout = requireNonNullElse(deployTimeout, Duration.ofMinutes(15));
    healthTimeout = requireNonNullElse(healthTimeout, Duration.ofMinutes(5));
    render = requireNonNullElse(render, RenderApi.DEFAULT);
    vercel = requireNonNullElse(vercel, VercelApi.DEFAULT);
    services = services == null ? Map.of() : new LinkedHashMap<>(services);
    logLines = requireNonNullElse(logLines, 40);
    metricsEvery = requireNonNullElse(metricsEvery, Duration.ofMinutes(1));
  }

  /**
   * Render's REST API; {@code apiKey} from {@code RENDER_API_KEY}; {@code ownerId} (the workspace,
   * {@code RENDER_OWNER_ID}) only for /logs, which Render's logs API requires.
   */
  public record RenderApi(String apiUrl, Secret apiKey, String ownerId) {
    public static final RenderApi DEFAULT = new RenderApi(null, null, null);

    public RenderApi {
      apiUrl = requireNonNullElse(apiUrl, "https://api.render.com/v1");
      if (ownerId != null && ownerId.isBlank()) {
        ownerId = null;
      }
    }

    public RenderApi(String apiUrl, Secret apiKey) {
      this(apiUrl, apiKey, null);
    }

    public boolean configured() {
      return apiKey != null && !apiKey.isEmpty();
    }
  }

  /** Vercel's REST API; {@code token} from {@code VERCEL_TOKEN}, optional team. */
  public record VercelApi(String apiUrl, Secret token, String teamId) {
    public static final VercelApi DEFAULT = new VercelApi(null, null, null);

    public VercelApi {
      apiUrl = requireNonNullElse(apiUrl, "https://api.vercel.com");
      if (teamId != null && teamId.isBlank()) {
        teamId = null;
      }
    }

    public boolean configured() {
      return token != null && !token.isEmpty();
    }
  }

  /**
   * Where one service is deployed: {@code render} and a service id, or {@code vercel} and a project
   * id.
   */
  public record DeployTarget(String provider, String id) {}

  public boolean providerConfigured(String provider) {
    return switch (provider) {
      case "render" -> render.configured();
      case "vercel" -> vercel.configured();
      default -> false;
    };
  }

  /** The variable that holds a provider's token, for messages that say what to set. */
  public static String tokenVariable(String provider) {
    return "render".equals(provider) ? "RENDER_API_KEY" : "VERCEL_TOKEN";
  }
}
