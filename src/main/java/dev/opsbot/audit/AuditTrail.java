package dev.opsbot.audit;

/** Where the router records every command; the database-backed one survives restarts. */
@FunctionalInterface
public interface AuditTrail {
  AuditTrail NONE = entry -> {};

  /** Must not block or throw: a slow or absent database must not delay a reply. */
  void record(AuditEntry entry);
}
