package dev.opsbot;

import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;

/**
 * On-call assembled from {@code config/oncall.yaml}: who is on call, for /oncall and escalation.
 */
final class OnCallWiring {
  private OnCallWiring() {}

  static OnCallRoster roster(Configuration configuration) {
    return OnCallRoster.of(configuration.onCall(), OverrideSource.NONE);
  }
}
