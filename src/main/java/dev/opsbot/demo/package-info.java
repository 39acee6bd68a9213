/**
 * Wiring for the demo: the simulated fleet on loopback, fault injection ({@code /demo}) and the
 * embedded, seeded fleet database.
 */
package dev.opsbot.demo;
