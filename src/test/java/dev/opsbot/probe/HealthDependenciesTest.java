package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.DependencyGraph;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.testing.FixedProbe;
import dev.opsbot.testing.Results;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HealthDependenciesTest {
  private static final Instant NOW = Instant.parse("2026-12-05T03:30:00Z");
  private static final Instant EARLIER = NOW.minusSeconds(3);
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ProbeSettings SETTINGS =
      new ProbeSettings(null, Duration.ofSeconds(15), null, 1, 1, null, null, null, null);
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  private ProbeEngine engine;

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  private static DependencyGraph fleet() {
    Map<String, List<String>> edges = new LinkedHashMap<>();
    edges.put("backend", List.of("supabase"));
    edges.put("erp", List.of("backend", "supabase"));
    edges.put("mrg", List.of("backend", "supabase"));
    return DependencyGraph.of(edges);
  }

  private CommandRouter router(boolean databaseDown) {
    ProbeKey backend = ProbeKey.health("backend");
    ProbeKey erp = ProbeKey.health("erp");
    ProbeKey mrg = ProbeKey.health("mrg");
    ProbeKey db = ProbeKey.database("supabase");
    engine =
        new ProbeEngine(
            List.of(
                new FixedProbe(backend, List.of(down(backend))),
                new FixedProbe(erp, List.of(down(erp))),
                new FixedProbe(mrg, List.of(Results.up(mrg, 80, null, EARLIER))),
                new FixedProbe(
                    db, List.of(databaseDown ? down(db) : Results.up(db, 4, "18.6", EARLIER)))),
            SETTINGS,
            CLOCK,
            ProbeListener.NONE);
    return CommandRouter.withHelp(
        List.of(
            new HealthCommand(
                engine, CLOCK, new FreshAllowance(CLOCK), LocationView.NONE, fleet())));
  }

  private static ProbeResult down(ProbeKey key) {
    return Results.status(key, ProbeStatus.DOWN, 503, 40, "HTTP 503", EARLIER);
  }

  private static String text(Message message) {
    return new PlainTextRenderer().render(message);
  }

  @Test
  void aServiceDownWhoseDependencyIsDownIsMarkedWithIt() {
    String fleet = text(router(false).handle("/health", USER));

    assertThat(fleet).containsPattern("erp +DOWN - backend is down");
    assertThat(fleet).doesNotContainPattern("backend +DOWN -");
    assertThat(fleet).doesNotContainPattern("mrg +UP -");
  }

  @Test
  void theRootCauseIsNamedNotEveryDependencyOnTheWay() {
    String fleet = text(router(true).handle("/health", USER));

    assertThat(fleet).containsPattern("erp +DOWN - supabase is down");
    assertThat(fleet).containsPattern("backend +DOWN - supabase is down");
  }

  @Test
  void oneServiceInDetailNamesTheDependencyThatIsDown() {
    Message reply = router(false).handle("/health erp", USER);

    assertThat(reply.fallbackText()).startsWith("erp is DOWN - backend is down: HTTP 503");
  }
}
