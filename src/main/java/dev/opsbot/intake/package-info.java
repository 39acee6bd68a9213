/**
 * Alerts from elsewhere: {@code POST /intake/alertmanager} (Alertmanager's webhook, version 4) and
 * {@code POST /intake/webhook/<source>} (any JSON through a configured mapping) on the admin port,
 * authenticated, size-capped and idempotent on the source's dedup key (decided in PostgreSQL); each
 * becomes an opsbot alert through the alert desk's own path. A person's acknowledge or snooze of an
 * Alertmanager alert silences it there ({@link dev.opsbot.intake.SourceSilencer}).
 */
package dev.opsbot.intake;
