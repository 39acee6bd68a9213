package dev.opsbot.config;

import java.time.Duration;

/**
 * One heartbeat monitor (a dead man's switch) of {@code heartbeats:}: a job that pings opsbot, and
 * when. Either {@code every} (a ping at least this often, {@code grace} later at the latest) or a
 * daily deadline {@code by} ("03:30") in {@code timeZone}. The validator refuses anything else.
 *
 * @param token what a ping must present; null or empty leaves the monitor off
 * @param grace how late a ping may be; required with {@code every}, none by default with {@code by}
 */
public record HeartbeatConfig(
    String id,
    String name,
    Secret token,
    Duration every,
    Duration grace,
    String by,
    String timeZone) {

  public HeartbeatConfig {
    name = name == null || name.isBlank() ? id : name;
  }

  /** Whether pings can be accepted: a monitor without a token is off. */
  public boolean on() {
    return token != null && !token.isEmpty();
  }
}
