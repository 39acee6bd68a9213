package dev.opsbot.probe;

/** Names one probe target: a service's health, one of its endpoints, a database, or a heartbeat. */
public record ProbeKey(String subject, String check, ProbeKind kind) {
  public static ProbeKey health(String serviceId) {
    return new ProbeKey(serviceId, "health", ProbeKind.SERVICE_HEALTH);
  }

  public static ProbeKey endpoint(String serviceId, String endpoint) {
    return new ProbeKey(serviceId, endpoint, ProbeKind.SERVICE_ENDPOINT);
  }

  /** A heartbeat monitor's verdict: pinged in time, or not. */
  public static ProbeKey heartbeat(String id) {
    return new ProbeKey(id, "heartbeat", ProbeKind.HEARTBEAT);
  }

  public static ProbeKey database(String name) {
    return new ProbeKey(name, "select-1", ProbeKind.DATABASE);
  }

  @Override
  public String toString() {
    return subject + "/" + check;
  }
}
