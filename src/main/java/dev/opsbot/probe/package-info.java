/**
 * Probing the fleet: the probe engine, HTTP and database probes, probe history and its store,
 * {@code /health} and {@code /aurea}, and the quorum across locations when replicas probe from
 * several places ({@link dev.opsbot.probe.LocationQuorum}). Other features use only its results.
 */
package dev.opsbot.probe;
