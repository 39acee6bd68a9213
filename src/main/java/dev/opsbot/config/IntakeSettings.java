package dev.opsbot.config;

import static java.util.Objects.requireNonNullElse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alerts from elsewhere ({@code intake:}): {@code POST /intake/alertmanager} and {@code POST
 * /intake/webhook/<source>} on the admin port.
 *
 * @param sources by name; an {@code alertmanager} source is served at /intake/alertmanager when it
 *     is named so, every source at /intake/webhook/&lt;name&gt; (an Alertmanager source too)
 * @param routes the first whose every label matches decides the channel and escalation policy; with
 *     none matching, the severity's route of the rules file and its policy
 * @param maxBodyKib the largest body accepted (1024); larger ones are answered 413
 * @param ackSilence how long the silence made at the source on an acknowledgement lasts (24h); a
 *     snooze's lasts as long as the snooze
 * @param alertmanagerUrl where the Alertmanager API v2 is, for silences; empty: no silences there
 */
public record IntakeSettings(
    Map<String, IntakeSource> sources,
    List<IntakeRoute> routes,
    Integer maxBodyKib,
    Duration ackSilence,
    String alertmanagerUrl) {
  public static final IntakeSettings NONE = new IntakeSettings(null, null, null, null, null);

  public IntakeSettings {
    sources = sources == null ? Map.of() : new LinkedHashMap<>(sources);
    routes = routes == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(routes));
    maxBodyKib = requireNonNullElse(maxBodyKib, 1024);
    ackSilence = requireNonNullElse(ackSilence, Duration.ofHours(24));
    alertmanagerUrl = alertmanagerUrl == null ? "" : alertmanagerUrl.strip();
  }

  public boolean enabled() {
    return !sources.isEmpty();
  }

  /** Only the sources that have a token: one whose variable is empty is off. */
  public IntakeSettings withTokensOnly() {
    Map<String, IntakeSource> on = new LinkedHashMap<>();
    sources.forEach((name, source) -> {
      if (source != null && source.token() != null && !source.token().isEmpty()) {
        on.put(name, source);
      }
    });
    return new IntakeSettings(on, routes, maxBodyKib, ackSilence, alertmanagerUrl);
  }

  public int maxBodyBytes() {
    return maxBodyKib * 1024;
  }

  /**
   * A route: labels that must all be equal ({@code match}), and where its alerts go.
   *
   * @param name part of the pseudo rule's id ({@code <source>/<name>/<severity>})
   * @param channel null takes the severity's route of the rules file
   * @param policy an escalation policy of the on-call file; null takes the severity's
   */
  public record IntakeRoute(String name, Map<String, String> match, String channel, String policy) {
    public IntakeRoute {
      match = match == null ? Map.of() : new LinkedHashMap<>(match);
    }
  }
}
