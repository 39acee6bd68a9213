/**
 * {@code /sql}: the guard, the PostgreSQL lexer, the read-only runner and the saved-query catalog
 * (which the digest also uses).
 */
package dev.opsbot.sql;
