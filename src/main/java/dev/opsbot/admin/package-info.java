/**
 * The operators' HTTP endpoint: {@code /healthz} and {@code /metrics}, and the pages the wiring
 * mounts beside them (the status page).
 */
package dev.opsbot.admin;
