package dev.opsbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One on-call schedule: its layers (a later layer wins wherever it covers), the time zone its
 * layers use unless they name their own, the channel hand-overs are posted to, and the Slack user
 * group kept equal to whoever is on call.
 */
public record ScheduleConfig(
    String timeZone, String channel, String slackUserGroup, List<LayerConfig> layers) {
  public ScheduleConfig {
    // Not List.copyOf: an empty entry (a lone "-") must reach the validator, not throw here.
    layers = layers == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(layers));
  }
}
