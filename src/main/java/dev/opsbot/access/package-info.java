/** Roles and who holds them: the access policy every command is checked against. */
package dev.opsbot.access;
