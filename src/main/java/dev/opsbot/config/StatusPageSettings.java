package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

/**
 * The status page ({@code GET /status} and {@code /status.json} on the admin port).
 *
 * @param access {@code public}, or {@code token}: a bearer token or {@code ?token=} is required
 * @param token the token for {@code access: token}, from the environment
 * @param showDetails also show probe reasons and alert summaries as chat shows them (URLs, hosts)
 */
public record StatusPageSettings(
    Boolean enabled, String title, String access, Secret token, Boolean showDetails) {
  public static final StatusPageSettings NONE =
      new StatusPageSettings(null, null, null, null, null);

  public StatusPageSettings {
    enabled = requireNonNullElse(enabled, false);
    title = requireNonNullElse(title, "Status");
    access = requireNonNullElse(access, "token");
    showDetails = requireNonNullElse(showDetails, false);
  }

  public boolean isPublic() {
    return "public".equals(access);
  }
}
