/**
 * The command framework: router, {@code Command}, {@code CommandSpec}, {@code Argument}, {@code
 * ButtonAction}, {@code /help} and the outcome exceptions. It knows no feature.
 */
package dev.opsbot.command;
