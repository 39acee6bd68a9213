package dev.opsbot.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The whole configuration of one opsbot: the fleet and how to watch it. */
public record OpsbotConfig(
    ProbeSettings probe,
    AdminSettings admin,
    List<ServiceConfig> services,
    Map<String, DatabaseConfig> databases,
    AureaConfig aurea,
    AccessConfig access,
    SqlSettings sql,
    StateSettings state,
    SmtpSettings smtp,
    RollbackSettings rollback,
    DigestSettings digest,
    OnCallSettings oncall,
    StatusPageSettings statusPage,
    List<MaintenanceWindow> maintenance,
    IntakeSettings intake,
    List<HeartbeatConfig> heartbeats) {

  public OpsbotConfig {
    probe = probe == null ? ProbeSettings.DEFAULT : probe;
    admin = admin == null ? AdminSettings.DEFAULT : admin;
    // Not List.copyOf: an empty entry (a lone "-") must reach the validator, not throw here.
    services =
        services == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(services));
    databases = databases == null ? Map.of() : new LinkedHashMap<>(databases);
    access = access == null ? AccessConfig.NONE : access;
    sql = sql == null ? SqlSettings.DEFAULT : sql;
    state = state == null ? StateSettings.EMBEDDED : state;
    smtp = smtp == null ? SmtpSettings.NONE : smtp;
    rollback = rollback == null ? RollbackSettings.NONE : rollback;
    digest = digest == null ? DigestSettings.NONE : digest;
    oncall = oncall == null ? OnCallSettings.DEFAULT : oncall;
    statusPage = statusPage == null ? StatusPageSettings.NONE : statusPage;
    maintenance =
        maintenance == null
            ? List.of()
            : Collections.unmodifiableList(new ArrayList<>(maintenance));
    intake = intake == null ? IntakeSettings.NONE : intake;
    // As services: an empty entry must reach the validator.
    heartbeats =
        heartbeats == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(heartbeats));
  }

  /**
   * The database {@code /sql} queries: the one named by {@code sql.database}, or the only one
   * configured; empty when there is none or the choice is ambiguous.
   */
  public Optional<String> sqlDatabase() {
    if (sql.database() != null) {
      return Optional.of(sql.database());
    }
    return databases.size() == 1
        ? Optional.of(databases.keySet().iterator().next())
        : Optional.empty();
  }

  public Optional<ServiceConfig> service(String id) {
    return services.stream().filter(s -> s != null && id.equals(s.id())).findFirst();
  }

  public Optional<AureaConfig> aureaConfig() {
    return Optional.ofNullable(aurea);
  }
}
