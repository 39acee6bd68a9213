/**
 * The audit trail: every command and click recorded with its outcome ({@code AuditLog}, {@code
 * AuditEntry}), and {@code /audit} to read it.
 */
package dev.opsbot.audit;
