package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opsbot.access.Caller;
import dev.opsbot.chat.Message;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.chat.Tone;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.config.AureaConfig;
import dev.opsbot.config.ProbeSettings;
import dev.opsbot.testing.FixedProbe;
import dev.opsbot.testing.Golden;
import dev.opsbot.testing.Results;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AureaCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ProbeKey USAGE = ProbeKey.endpoint("ai-agents", "usage");
  private static final ProbeKey SCHEDULER = ProbeKey.endpoint("ai-agents", "scheduler");
  private static final Caller USER = new Caller("test", "U1", "ana", "C1");

  private ProbeEngine engine;

  @AfterEach
  void close() {
    engine.close();
  }

  private CommandRouter router(List<ProbeResult> usage, List<ProbeResult> scheduler) {
    engine =
        new ProbeEngine(
            List.of(new FixedProbe(USAGE, usage), new FixedProbe(SCHEDULER, scheduler)),
            ProbeSettings.DEFAULT,
            CLOCK,
            ProbeListener.NONE);
    AureaConfig config = new AureaConfig("ai-agents", null, null, null, null);
    return CommandRouter.withHelp(List.of(new AureaCommand(engine, config, CLOCK)));
  }

  private static ProbeResult usage(boolean running, long cycles, Instant at) {
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put("running", JSON.getNodeFactory().booleanNode(running));
    fields.put("autonomyLevel", JSON.getNodeFactory().textNode("SUPERVISED"));
    fields.put("cyclesCompleted", JSON.getNodeFactory().numberNode(cycles));
    fields.put("decisionsMade", JSON.getNodeFactory().numberNode(0));
    fields.put("learningInsights", JSON.getNodeFactory().numberNode(50));
    return Results.withFields(USAGE, ProbeStatus.UP, 140, fields, at);
  }

  private static ProbeResult scheduler(int jobs, Instant at) throws Exception {
    StringBuilder next = new StringBuilder("[");
    String[] agents = {
      "CustomerIntelligence",
      "RevenueOptimizer",
      "PricingOptimizer",
      "InventoryAgent",
      "PayrollAgent",
      "MaintenanceAgent",
      "BlogAutomation"
    };
    for (int i = 0; i < agents.length; i++) {
      next.append(i == 0 ? "" : ",")
          .append("{\"id\":\"job-")
          .append(i)
          .append("\",\"name\":\"")
          .append(agents[i])
          .append("\",\"next_run_time\":\"2026-11-25T09:0")
          .append(i + 1)
          .append(":00Z\"}");
    }
    Map<String, JsonNode> fields = new LinkedHashMap<>();
    fields.put("jobsCount", JSON.getNodeFactory().numberNode(jobs));
    fields.put("registeredJobs", JSON.getNodeFactory().numberNode(jobs));
    fields.put("nextJobs", JSON.readTree(next.append("]").toString()));
    return Results.withFields(SCHEDULER, ProbeStatus.UP, 90, fields, at);
  }

  private static ProbeResult refused(ProbeKey key, Instant at) {
    return Results.status(
        key,
        ProbeStatus.DOWN,
        null,
        2,
        "connection refused by brainops-ai-agents.onrender.com",
        at);
  }

  @Test
  void healthyOrchestratorShowsEveryValueAndTheNextFiveJobs() throws Exception {
    Message reply =
        router(List.of(usage(true, 50, NOW)), List.of(scheduler(61, NOW))).handle("/aurea", USER);

    Golden.assertMessage(getClass(), "healthy", reply);
    assertThat(reply.tone()).isEqualTo(Tone.GOOD);
  }

  @Test
  void stoppedOrchestratorAndMissingJobsAreFlagged() throws Exception {
    Message reply =
        router(List.of(usage(false, 50, NOW)), List.of(scheduler(58, NOW))).handle("/aurea", USER);

    String text = new PlainTextRenderer().render(reply);
    assertThat(text).contains("Running:           NO: critical, restart the service");
    assertThat(text).contains("58 of 61 expected: check the agent configuration");
    assertThat(reply.tone()).isEqualTo(Tone.DANGER);
  }

  @Test
  void unreachableEndpointShowsTheLastKnownStateWithItsAge() throws Exception {
    Instant fourMinutesAgo = NOW.minusSeconds(240);
    CommandRouter router =
        router(
            List.of(usage(true, 73, fourMinutesAgo), refused(USAGE, NOW)),
            List.of(scheduler(61, fourMinutesAgo), refused(SCHEDULER, NOW)));
    engine.probe(List.of(USAGE, SCHEDULER), true);

    Message reply = router.handle("/aurea --fresh", USER);

    Golden.assertMessage(getClass(), "unreachable_last_known", reply);
    assertThat(reply.tone()).isEqualTo(Tone.DANGER);
  }

  @Test
  void unreachableEndpointWithNoHistorySaysSo() {
    Message reply =
        router(List.of(refused(USAGE, NOW)), List.of(refused(SCHEDULER, NOW)))
            .handle("/aurea", USER);

    assertThat(new PlainTextRenderer().render(reply))
        .contains(
            "The ai-agents usage endpoint is unreachable: connection refused by"
                + " brainops-ai-agents.onrender.com. No earlier state is known.");
  }

  @Test
  void argumentsAreRefusedWithTheUsage() throws Exception {
    Message reply =
        router(List.of(usage(true, 50, NOW)), List.of(scheduler(61, NOW)))
            .handle("/aurea now", USER);

    assertThat(reply.fallbackText())
        .isEqualTo("/aurea takes no arguments. Usage: /aurea [--fresh]");
  }

  @Test
  void onePersonAskingForFreshAgainAndAgainGetsTheLatestAnswersAndIsToldWhy() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    ProbeResult answer = usage(true, 50, NOW);
    Probe counting =
        new Probe() {
          @Override
          public ProbeKey key() {
            return USAGE;
          }

          @Override
          public ProbeResult run() {
            asked.incrementAndGet();
            return answer;
          }
        };
    engine =
        new ProbeEngine(
            List.of(counting, new FixedProbe(SCHEDULER, List.of(scheduler(61, NOW)))),
            ProbeSettings.DEFAULT,
            CLOCK,
            ProbeListener.NONE);
    AureaConfig config = new AureaConfig("ai-agents", null, null, null, null);
    CommandRouter router = CommandRouter.withHelp(List.of(new AureaCommand(engine, config, CLOCK)));

    List<String> contexts = new ArrayList<>();
    for (int i = 0; i < FreshAllowance.PER_WINDOW + 3; i++) {
      contexts.add(new PlainTextRenderer().render(router.handle("/aurea --fresh", USER)));
    }
    Message someoneElse = router.handle("/aurea --fresh", new Caller("test", "U2", "bo", "C1"));

    assertThat(asked.get()).isEqualTo(FreshAllowance.PER_WINDOW + 1);
    assertThat(contexts.get(FreshAllowance.PER_WINDOW - 1)).doesNotContain("latest answers");
    assertThat(contexts.get(FreshAllowance.PER_WINDOW))
        .contains(
            "--fresh asks at most "
                + FreshAllowance.PER_WINDOW
                + " times in 30 s per person: these are the latest answers");
    assertThat(new PlainTextRenderer().render(someoneElse)).doesNotContain("latest answers");
  }

  @Test
  void healthAndAureaShareOnePersonsFreshRoundsAndAMisspeltServiceUsesNone() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    ProbeResult answer = usage(true, 50, NOW);
    Probe counting =
        new Probe() {
          @Override
          public ProbeKey key() {
            return USAGE;
          }

          @Override
          public ProbeResult run() {
            asked.incrementAndGet();
            return answer;
          }
        };
    engine =
        new ProbeEngine(
            List.of(counting, new FixedProbe(SCHEDULER, List.of(scheduler(61, NOW)))),
            ProbeSettings.DEFAULT,
            CLOCK,
            ProbeListener.NONE);
    AureaConfig config = new AureaConfig("ai-agents", null, null, null, null);
    FreshAllowance shared = new FreshAllowance(CLOCK);
    CommandRouter router =
        CommandRouter.withHelp(
            List.of(
                new AureaCommand(engine, config, CLOCK, shared),
                new HealthCommand(engine, CLOCK, shared)));

    for (int i = 0; i < 10; i++) {
      assertThat(router.handle("/health bakend --fresh", USER).fallbackText())
          .contains("Unknown service");
    }
    for (int i = 0; i < FreshAllowance.PER_WINDOW - 1; i++) {
      router.handle("/aurea --fresh", USER);
    }
    router.handle("/health --fresh", USER);
    String limited = new PlainTextRenderer().render(router.handle("/aurea --fresh", USER));

    assertThat(asked.get()).isEqualTo(FreshAllowance.PER_WINDOW - 1);
    assertThat(limited).contains("these are the latest answers");
  }
}
