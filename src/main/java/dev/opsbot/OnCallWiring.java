package dev.opsbot;

import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;
import dev.opsbot.oncall.OverrideStore;
import dev.opsbot.state.StateDatabase;

/**
 * On-call assembled from {@code config/oncall.yaml} and the overrides in the state database: who is
 * on call, for /oncall and escalation.
 */
final class OnCallWiring {
  private OnCallWiring() {}

  /** The overrides made in chat, naming people of the on-call file. */
  static OverrideStore overrides(Configuration configuration, StateDatabase state) {
    OnCallRoster layers = OnCallRoster.of(configuration.onCall(), OverrideSource.NONE);
    return new OverrideStore(state, layers::person);
  }

  /** The roster with the overrides on top; the layers alone answer while the database is down. */
  static OnCallRoster roster(Configuration configuration, OverrideSource overrides) {
    return OnCallRoster.of(configuration.onCall(), overrides);
  }
}
