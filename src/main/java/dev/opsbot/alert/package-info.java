/**
 * Alerts: rules evaluated over probe results, the alert desk and its store, the alert messages,
 * escalation policies that page whoever is on call step by step, {@code /alerts}, {@code /ack},
 * {@code /snooze}, {@code /resolve}, {@code /page} (an alert raised by hand) and {@code /timeline}
 * (an incident written up as Markdown); alerts raised elsewhere come in through {@link
 * dev.opsbot.alert.AlertDesk#external} under pseudo rules ({@link dev.opsbot.alert.ExternalRule}).
 */
package dev.opsbot.alert;
