/**
 * Alerts: rules evaluated over probe results, the alert desk and its store, the alert messages,
 * {@code /alerts}, {@code /ack}, {@code /snooze} and {@code /resolve}.
 */
package dev.opsbot.alert;
