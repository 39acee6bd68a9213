package dev.opsbot.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuorumVerdictTest {
  private static final ProbeKey ERP = ProbeKey.health("erp");
  private static final Instant AT = Instant.parse("2026-11-25T09:00:00Z");

  private static LocationSighting seen(String location, ProbeStatus status) {
    return new LocationSighting(
        ERP, location, status, status == ProbeStatus.DOWN ? "HTTP 503" : "ok", AT);
  }

  @Test
  void withFewerLocationsProbingThanTheQuorumAllOfThemMustSeeItDown() {
    QuorumVerdict both =
        new QuorumVerdict(
            ERP, List.of(seen("eu-west", ProbeStatus.DOWN), seen("us-east", ProbeStatus.DOWN)), 3);
    QuorumVerdict one =
        new QuorumVerdict(
            ERP, List.of(seen("eu-west", ProbeStatus.DOWN), seen("us-east", ProbeStatus.UP)), 3);

    assertThat(both.down()).isTrue();
    assertThat(both.where()).isEqualTo("down at eu-west, us-east (2/2)");
    assertThat(one.down()).isFalse();
    assertThat(one.where()).isEqualTo("down from eu-west only (1/2, quorum 3)");
  }

  @Test
  void aDegradedLocationDoesNotCountAsSeeingItDown() {
    QuorumVerdict verdict =
        new QuorumVerdict(
            ERP,
            List.of(
                seen("eu-west", ProbeStatus.DEGRADED),
                seen("us-east", ProbeStatus.UP),
                seen("ap-south", ProbeStatus.UP)),
            1);

    assertThat(verdict.down()).isFalse();
    assertThat(verdict.where()).isEqualTo("up at all 3");
  }
}
