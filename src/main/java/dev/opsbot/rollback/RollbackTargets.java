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
    long barred =
        recent.stream()
            .skip(liveIndex + 1L)
            .filter(d -> d.state() == DeployState.NOT_A_TARGET)
            .count();
    throw RollbackRefusals.nothingToRollBackTo(service, recent.size(), barred);
  }

  static Deploy chosen(String service, String deployId, List<Deploy> recent, Deploy live) {
    Deploy found =
        recent.stream()
            .filter(d -> deployId.equals(d.id()))
            .findFirst()
            .orElseThrow(() -> RollbackRefusals.noSuchDeploy(service, deployId, recent.size()));
    if (found.id().equals(live.id())) {
      throw RollbackRefusals.liveAlready(service, found);
    }
    if (found.state() == DeployState.NOT_A_TARGET) {
      throw RollbackRefusals.notATarget(service, found);
    }
    if (!found.state().wasLive()) {
      throw RollbackRefusals.neverLive(service, found);
    }
    return found;
  }
}
