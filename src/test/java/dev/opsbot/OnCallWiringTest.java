package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import dev.opsbot.config.Severity;
import dev.opsbot.oncall.OpenAlerts.OpenAlert;
import dev.opsbot.oncall.OpenAlerts.Status;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a hand-over lists of the alert store's open alerts. */
class OnCallWiringTest {
  private static final Instant OPENED = Instant.parse("2026-12-05T08:00:00Z");
  private static final Instant FIRED = Instant.parse("2026-12-05T08:01:00Z");

  private static StoredAlert alert(long id, StoredAlertState state) {
    boolean fired = state != StoredAlertState.PENDING;
    return new StoredAlert(
        id,
        "error-rate",
        "backend",
        Severity.CRITICAL,
        state,
        "backend: error rate 7%",
        "7%",
        "5%",
        null,
        OPENED,
        fired ? FIRED : null,
        state == StoredAlertState.ACKNOWLEDGED ? FIRED : null,
        state == StoredAlertState.ACKNOWLEDGED ? "U0ANA" : null,
        state == StoredAlertState.SNOOZED ? Instant.parse("2026-12-05T10:00:00Z") : null,
        state == StoredAlertState.SNOOZED ? "U0BEN" : null,
        null,
        null,
        null,
        null,
        null);
  }

  @Test
  void aHandOverListsWhatFiredWithWhoHoldsItAndLeavesOutWhatIsStillPending() {
    List<OpenAlert> open =
        OnCallWiring.open(
            List.of(
                alert(3, StoredAlertState.SNOOZED),
                alert(1, StoredAlertState.FIRING),
                alert(2, StoredAlertState.PENDING),
                alert(4, StoredAlertState.ACKNOWLEDGED)));

    assertThat(open)
        .containsExactly(
            new OpenAlert(
                1,
                "critical",
                "backend",
                "backend: error rate 7%",
                FIRED,
                Status.FIRING,
                null,
                null),
            new OpenAlert(
                3,
                "critical",
                "backend",
                "backend: error rate 7%",
                FIRED,
                Status.SNOOZED,
                "U0BEN",
                Instant.parse("2026-12-05T10:00:00Z")),
            new OpenAlert(
                4,
                "critical",
                "backend",
                "backend: error rate 7%",
                FIRED,
                Status.ACKNOWLEDGED,
                "U0ANA",
                null));
  }
}
