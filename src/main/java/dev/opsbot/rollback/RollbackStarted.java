package dev.opsbot.rollback;

/**
 * What the provider said when it accepted a rollback: the deploy it runs for it (Render starts a
 * new deploy from the old build; Vercel points the domains at the old deployment itself).
 */
public record RollbackStarted(String deployId, String status) {}
