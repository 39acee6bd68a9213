package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One service of the fleet: where it answers, how to judge its health, what else to read, and the
 * services and databases it directly depends on ({@code dependsOn}, see {@link DependencyGraph}).
 */
public record ServiceConfig(
    String id,
    String name,
    String platform,
    String baseUrl,
    String healthPath,
    Boolean expectJson,
    FieldPath statusPath,
    List<String> healthyValues,
    FieldPath versionPath,
    Duration slowAfter,
    Map<String, Secret> headers,
    Timeouts timeouts,
    Map<String, EndpointConfig> endpoints,
    List<String> dependsOn) {

  public ServiceConfig {
    name = name != null ? name : id;
    platform = requireNonNullElse(platform, "other");
    healthPath = requireNonNullElse(healthPath, "/health");
    expectJson = requireNonNullElse(expectJson, true);
    statusPath = requireNonNullElse(statusPath, FieldPath.of(".status"));
    healthyValues =
        List.copyOf(requireNonNullElse(healthyValues, List.of("healthy", "ok", "up", "pass")));
    versionPath = requireNonNullElse(versionPath, FieldPath.of(".version"));
    headers = headers == null ? Map.of() : new LinkedHashMap<>(headers);
    endpoints = endpoints == null ? Map.of() : new LinkedHashMap<>(endpoints);
    // Kept with any null entry, so the validator can name it rather than the binder failing.
    dependsOn =
        dependsOn == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(dependsOn));
  }

  /** A service that depends on nothing else of the fleet. */
  public ServiceConfig(
      String id,
      String name,
      String platform,
      String baseUrl,
      String healthPath,
      Boolean expectJson,
      FieldPath statusPath,
      List<String> healthyValues,
      FieldPath versionPath,
      Duration slowAfter,
      Map<String, Secret> headers,
      Timeouts timeouts,
      Map<String, EndpointConfig> endpoints) {
    this(
        id,
        name,
        platform,
        baseUrl,
        healthPath,
        expectJson,
        statusPath,
        healthyValues,
        versionPath,
        slowAfter,
        headers,
        timeouts,
        endpoints,
        null);
  }

  /** The base URL without a trailing slash, ready for a path to be appended. */
  public String urlFor(String path) {
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    return base + path;
  }
}
