/** The operators' HTTP endpoint: {@code /healthz} and {@code /metrics}. */
package dev.opsbot.admin;
