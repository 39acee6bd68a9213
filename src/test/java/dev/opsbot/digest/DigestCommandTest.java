package dev.opsbot.digest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.access.Caller;
import dev.opsbot.chat.PlainTextRenderer;
import dev.opsbot.chat.Visibility;
import dev.opsbot.command.AuditNote;
import dev.opsbot.command.CommandRequest;
import dev.opsbot.command.UsageException;
import dev.opsbot.delivery.Outbox;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.probe.LatencyHistogram;
import dev.opsbot.testing.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigestCommandTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-11-25T15:30:00Z"));
  private final List<OutboxItem> outbox = new ArrayList<>();
  private final DigestCommand command =
      new DigestCommand(
          new DigestPublisher(
              new DigestBuilder(
                  List.of(new DigestBuilder.Target("backend", "Backend")),
                  Optional.empty(),
                  new OneHealthyHour(),
                  BusinessFigures.NONE),
              new DigestMessages(new DigestChart(DigestChart.Kind.LATENCY)),
              new RecordingOutbox(),
              () -> {},
              clock),
          ZoneId.of("UTC"),
          clock);

  @Test
  void previewShowsTheWholeDigestOnlyToTheAskerAndPostsNothing() {
    var reply = command.execute(request(List.of("preview"), "C0OPS"));

    assertThat(reply.visibility()).isEqualTo(Visibility.EPHEMERAL);
    assertThat(new PlainTextRenderer().render(reply))
        .contains("All systems healthy: 100% availability, no open alerts")
        .contains("[file opsbot-digest-2026-11-25.png")
        .contains("== Details · 2026-11-25 ==");
    assertThat(outbox).isEmpty();
  }

  @Test
  void digestPostsIntoTheAskingChannelWithChartAndDetailsInItsThread() {
    var reply = command.execute(request(List.of(), "C0OPS"));

    assertThat(new PlainTextRenderer().render(reply)).startsWith("Posting today's digest here");
    assertThat(outbox)
        .extracting(OutboxItem::kind, OutboxItem::channel)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(OutboxItem.Kind.POST, "C0OPS"),
            org.assertj.core.groups.Tuple.tuple(OutboxItem.Kind.REPLY, "C0OPS"),
            org.assertj.core.groups.Tuple.tuple(OutboxItem.Kind.REPLY, "C0OPS"));
    assertThat(outbox.get(1).parentKey()).isEqualTo(outbox.get(0).key());
  }

  @Test
  void anythingElseIsAUsageErrorThatSaysWhatIsAccepted() {
    assertThatThrownBy(() -> command.execute(request(List.of("tomorrow"), "C0OPS")))
        .isInstanceOf(UsageException.class)
        .hasMessageContaining("preview")
        .hasMessageContaining("'tomorrow'");
  }

  private static CommandRequest request(List<String> arguments, String channel) {
    return new CommandRequest(
        "digest",
        arguments,
        Set.of(),
        "/digest " + String.join(" ", arguments),
        String.join(" ", arguments),
        new Caller("slack", "U1", "ana", channel),
        new AuditNote());
  }

  private final class RecordingOutbox implements Outbox {
    @Override
    public boolean enqueue(OutboxItem item, Instant now) {
      outbox.add(item);
      return true;
    }

    @Override
    public List<OutboxItem> claimDue(Instant now, int limit, Duration lease, String claimer) {
      return List.of();
    }

    @Override
    public boolean attemptStarts(long id, String claimer, Instant leaseUntil) {
      return true;
    }

    @Override
    public void renewLeases(java.util.Collection<Long> ids, String claimer, Instant until) {}

    @Override
    public void handBack(java.util.Collection<Long> ids, String claimer, Instant now) {}

    @Override
    public void markSent(long id, String platformRef, Instant at) {}

    @Override
    public void retryAt(long id, Instant next, String error, boolean inDoubt) {}

    @Override
    public void markFailed(long id, String error) {}
  }

  /** Backend answered every probe of the last hour in 120 ms. */
  private static final class OneHealthyHour implements DigestSource {
    @Override
    public void refresh(Instant now) {}

    @Override
    public List<DigestFacts.HourlyRollup> hourly(Instant from, Instant to) {
      LatencyHistogram latency = new LatencyHistogram();
      for (int i = 0; i < 120; i++) {
        latency.addMillis(120);
      }
      return List.of(
          new DigestFacts.HourlyRollup(
              to.truncatedTo(ChronoUnit.HOURS),
              "backend",
              "health",
              120,
              120,
              0,
              0,
              130,
              120,
              125,
              latency));
    }

    @Override
    public List<DigestFacts.FieldSample> fieldSamples(String subject, Instant from, Instant to) {
      return List.of();
    }

    @Override
    public DigestFacts.AlertFigures alerts(Instant from, Instant to) {
      return DigestFacts.AlertFigures.NONE;
    }

    @Override
    public DigestFacts.OperationFigures operations(Instant from, Instant to) {
      return new DigestFacts.OperationFigures(0, 0, 0, 0, 0);
    }
  }
}
