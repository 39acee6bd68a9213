/**
 * The command framework: router, {@code Command}, {@code CommandSpec}, {@code Argument}, {@code
 * ButtonAction}, {@code /help}, the outcome exceptions and the {@code CommandLog} the router
 * records to. It knows no feature and not the audit trail.
 */
package dev.opsbot.command;
