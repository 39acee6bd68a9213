/**
 * Alerts: rules evaluated over probe results, the alert desk and its store, the alert messages,
 * escalation policies that page whoever is on call step by step, {@code /alerts}, {@code /ack},
 * {@code /snooze} and {@code /resolve}.
 */
package dev.opsbot.alert;
