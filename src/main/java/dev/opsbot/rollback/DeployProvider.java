package dev.opsbot.rollback;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A platform that deploys services and can roll one back: Render or Vercel. */
public sealed interface DeployProvider permits RenderProvider, VercelProvider {
  /** {@code render} or {@code vercel}, as the configuration names it. */
  String name();

  /** The display name: Render, Vercel. */
  String title();

  /** The newest deploys of {@code id}, newest first, at most {@code limit}, across pages. */
  List<Deploy> recentDeploys(String id, int limit);

  /** A deploy that is queued or building now, if any: a rollback would race it. */
  Optional<Deploy> deployInProgress(String id, List<Deploy> recent);

  /**
   * Asks the provider to roll back to {@code target}. Called once per confirmed plan and never
   * retried: a retry after a lost answer could roll back twice.
   */
  RollbackStarted rollback(String id, Deploy target);

  /** Where the rollback stands; a read, safe to repeat. */
  DeployProgress progress(String id, Deploy target, RollbackStarted started);

  /**
   * Asks the provider to restart the service as it runs now ({@code live}): Render restarts its
   * instances, Vercel builds the live production deployment again. Called once per confirmed plan
   * and never retried.
   */
  RollbackStarted restart(String id, Deploy live);

  /**
   * Where a restart stands, asked for at {@code requestedAt} (opsbot's clock): live only once the
   * provider shows it took effect. A read, safe to repeat.
   */
  DeployProgress restartProgress(String id, RollbackStarted started, Instant requestedAt);

  /** Whether a push deploys on its own (Render); empty where it does not apply. */
  default Optional<Boolean> autoDeploy(String id) {
    return Optional.empty();
  }

  /** Turns auto-deploy off, so the next push does not bring the bad commit back. */
  default void disableAutoDeploy(String id) {
    throw new UnsupportedOperationException(title() + " has no auto-deploy switch opsbot can turn");
  }
}
