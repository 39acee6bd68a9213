/**
 * Probing the fleet: the probe engine, HTTP and database probes, probe history and its store,
 * {@code /health} and {@code /aurea}. Other features use only its results.
 */
package dev.opsbot.probe;
