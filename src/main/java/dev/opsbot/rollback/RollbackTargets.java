package dev.opsbot.rollback;

import java.util.List;

/** Which deploy a rollback goes to: the one named, or the most recent earlier one that was live. */
final class RollbackTargets {
  private RollbackTargets() {}

  static Deploy previous(String service, List<Deploy> recent, int liveIndex) {
    for (int i = liveIndex + 1; i < recent.size(); i++) {
      if (recent.get(i).state() == DeployState.SUPERSEDED) {
        return recent.get(i);
      }
    }
    throw RollbackRefused.impossible(
        "No deploy of "
            + service
            + " before the live one was live and healthy (searched the last "
            + recent.size()
            + "): there is nothing to roll back to. /rollback "
            + service
            + " list shows them.");
  }

  static Deploy chosen(String service, String deployId, List<Deploy> recent, Deploy live) {
    Deploy found =
        recent.stream()
            .filter(d -> deployId.equals(d.id()))
            .findFirst()
            .orElseThrow(() ->
                RollbackRefused.impossible(
                    "No deploy "
                        + deployId
                        + " among the last "
                        + recent.size()
                        + " deploys of "
                        + service
                        + ": /rollback "
                        + service
                        + " list shows the latest ones."));
    if (found.id().equals(live.id())) {
      throw RollbackRefused.impossible(
          found.id()
              + " is the deploy "
              + service
              + " runs now: pick an earlier one (/rollback "
              + service
              + " list).");
    }
    if (!found.state().wasLive()) {
      throw RollbackRefused.impossible(
          found.id()
              + " never went live ("
              + found.providerStatus()
              + "): roll back only to a deploy that served traffic (/rollback "
              + service
              + " list).");
    }
    return found;
  }
}
