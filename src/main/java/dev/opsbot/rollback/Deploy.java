package dev.opsbot.rollback;

import java.time.Instant;

/**
 * One deploy of a service as a provider lists it.
 *
 * @param commit the commit sha (may be null for deploys not built from git)
 * @param author who made the commit or started the deploy, when the provider says
 * @param providerStatus the provider's own status word (live, deactivated, READY, ...)
 */
public record Deploy(
    String id,
    String commit,
    String message,
    String author,
    DeployState state,
    String providerStatus,
    Instant createdAt,
    Instant finishedAt) {

  /** The short commit, as people write it: {@code abc1234}. */
  public String shortCommit() {
    if (commit == null || commit.isBlank()) {
      return "-";
    }
    return commit.length() > 7 ? commit.substring(0, 7) : commit;
  }

  /** The first line of the commit message, at most 72 characters. */
  public String title() {
    if (message == null || message.isBlank()) {
      return "";
    }
    String first = message.strip().lines().findFirst().orElse("");
    return first.length() > 72 ? first.substring(0, 71) + "\u2026" : first;
  }

  public Deploy withState(DeployState newState) {
    return new Deploy(id, commit, message, author, newState, providerStatus, createdAt, finishedAt);
  }
}
