package dev.opsbot.rollback;

import dev.opsbot.probe.ProbeResult;

/** Probes a service's health now, bypassing any cache: how a rollback is verified. */
@FunctionalInterface
public interface HealthCheck {
  ProbeResult probe(String serviceId);
}
