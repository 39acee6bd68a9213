package dev.opsbot.rollback;

/** Where a rollback deploy stands at the provider. */
public sealed interface DeployProgress {
  /** Still queued, building or switching; {@code status} is the provider's word. */
  record Pending(String status) implements DeployProgress {}

  /** Serving traffic. */
  record Live() implements DeployProgress {}

  /** Stopped without going live; {@code reason} is the provider's. */
  record Failed(String reason) implements DeployProgress {}
}
