package dev.opsbot.config;

import java.util.LinkedHashMap;
import java.util.Map;

/** Role grants by role id ({@code oncall}, {@code admin}); everyone is a {@code viewer}. */
public record AccessConfig(Map<String, RoleGrant> roles) {
  public static final AccessConfig NONE = new AccessConfig(null);

  public AccessConfig {
    roles = roles == null ? Map.of() : new LinkedHashMap<>(roles);
  }
}
