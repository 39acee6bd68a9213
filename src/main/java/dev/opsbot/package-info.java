/**
 * Wiring: the command line ({@code Main}), building and starting everything ({@code Opsbot}) and
 * the configuration read at start-up. The layers it wires are described in ARCHITECTURE.md.
 */
package dev.opsbot;
