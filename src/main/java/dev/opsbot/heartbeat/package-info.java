/**
 * Heartbeat monitors (dead man's switches): {@code POST|GET /heartbeat/<id>} records a job's ping
 * in the state database, and each monitor is a probe whose result is DOWN once its job is late, so
 * the alert rules, /health and the status page treat it like any other target.
 */
package dev.opsbot.heartbeat;
