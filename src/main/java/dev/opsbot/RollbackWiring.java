package dev.opsbot;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Role;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.config.RollbackSettings;
import dev.opsbot.delivery.OutboxStore;
import dev.opsbot.delivery.OutboxWorker;
import dev.opsbot.probe.ProbeEngine;
import dev.opsbot.probe.ProbeKey;
import dev.opsbot.rollback.DeployProvider;
import dev.opsbot.rollback.OutboxRollbackReporter;
import dev.opsbot.rollback.Pause;
import dev.opsbot.rollback.RenderProvider;
import dev.opsbot.rollback.RollbackService;
import dev.opsbot.rollback.RollbackStore;
import dev.opsbot.rollback.VercelProvider;
import dev.opsbot.state.StateDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;

/** /rollback through the providers whose tokens are set; the others answer that they are off. */
final class RollbackWiring {
  private RollbackWiring() {}

  static RollbackService service(
      RollbackSettings settings,
      OkHttpClient http,
      StateDatabase state,
      OutboxStore outbox,
      OutboxWorker worker,
      ProbeEngine engine,
      AuditLog audit,
      AccessPolicy access,
      Clock clock) {
    List<DeployProvider> providers = new ArrayList<>();
    if (settings.render().configured()) {
      providers.add(new RenderProvider(settings.render(), http, clock, Pause.SLEEP));
    }
    if (settings.vercel().configured()) {
      providers.add(new VercelProvider(settings.vercel(), http, clock, Pause.SLEEP));
    }
    return new RollbackService(
        settings,
        providers,
        new RollbackStore(state),
        service -> engine.probe(ProbeKey.health(service), true),
        new OutboxRollbackReporter(outbox, worker::wake, clock),
        audit,
        caller -> access.check(caller, Role.ADMIN).allowed(),
        clock,
        Pause.SLEEP);
  }
}
