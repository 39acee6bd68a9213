package dev.opsbot.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.probe.ProbeKey;
import dev.opsbot.probe.ProbeResult;
import dev.opsbot.probe.ProbeStatus;
import dev.opsbot.testing.Results;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ServiceNowTest {
  private static final ProbeKey KEY = ProbeKey.health("backend");
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");

  private static ProbeResult result(ProbeStatus status, int minute) {
    return Results.status(KEY, status, 200, 50, status.name(), T0.plusSeconds(60L * minute));
  }

  @Test
  void aServiceIsDownSinceTheFirstFailureOfItsCurrentRun() {
    List<ProbeResult> newestFirst =
        List.of(
            result(ProbeStatus.DOWN, 5),
            result(ProbeStatus.DOWN, 4),
            result(ProbeStatus.DOWN, 3),
            result(ProbeStatus.UP, 2),
            result(ProbeStatus.DOWN, 1));

    ServiceNow now =
        ServiceNow.of("backend", "Backend", Optional.of(ProbeStatus.DOWN), newestFirst);

    assertThat(now.health()).isEqualTo(Health.DOWN);
    assertThat(now.since()).isEqualTo(T0.plusSeconds(180));
    assertThat(now.reason()).isEqualTo("DOWN");
  }

  @Test
  void oneFailureBelowTheThresholdDoesNotEndTheConfirmedUptime() {
    List<ProbeResult> newestFirst =
        List.of(
            result(ProbeStatus.DOWN, 3),
            result(ProbeStatus.UP, 2),
            result(ProbeStatus.UP, 1),
            result(ProbeStatus.DOWN, 0));

    ServiceNow now = ServiceNow.of("backend", "Backend", Optional.of(ProbeStatus.UP), newestFirst);

    assertThat(now.health()).isEqualTo(Health.UP);
    assertThat(now.since()).isEqualTo(T0.plusSeconds(60));
    assertThat(now.checkedAt()).isEqualTo(T0.plusSeconds(180));
  }

  @Test
  void withoutAChangeInMemoryTheStartIsNotClaimed() {
    List<ProbeResult> newestFirst =
        List.of(result(ProbeStatus.UP, 3), result(ProbeStatus.UP, 2), result(ProbeStatus.DOWN, 1));

    ServiceNow changed = ServiceNow.of("backend", "Backend", Optional.empty(), newestFirst);
    ServiceNow steady =
        ServiceNow.of("backend", "Backend", Optional.empty(), newestFirst.subList(0, 2));

    assertThat(changed.since()).isEqualTo(T0.plusSeconds(120));
    assertThat(steady.since()).isNull();
    assertThat(steady.checkedAt()).isEqualTo(T0.plusSeconds(180));
  }

  @Test
  void aServiceNotYetProbedIsUnknown() {
    ServiceNow now = ServiceNow.of("backend", "Backend", Optional.empty(), List.of());

    assertThat(now.health()).isEqualTo(Health.UNKNOWN);
    assertThat(now.since()).isNull();
    assertThat(now.checkedAt()).isNull();
  }
}
