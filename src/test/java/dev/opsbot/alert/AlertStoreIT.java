package dev.opsbot.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opsbot.config.Severity;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.state.StateUnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AlertStoreIT {
  private static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static StateDatabase database() {
    return new StateDatabase(
        "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres", "postgres", null);
  }

  @Test
  void oneOpenAlertPerRuleAndServiceEvenAcrossARestart() throws Exception {
    StoredAlert first;
    try (StateDatabase database = database()) {
      AlertStore store = new AlertStore(database);
      AlertStore.Opened opened =
          store.open(
              "service-down",
              "backend",
              Severity.CRITICAL,
              "backend is down",
              "HTTP 503",
              null,
              T0);
      assertThat(opened.created()).isTrue();
      first =
          store
              .transition(
                  opened.alert().id(),
                  StoredAlertState.FIRING,
                  null,
                  T0.plusSeconds(90),
                  "held 90 s")
              .alert();
    }
    try (StateDatabase restarted = database()) {
      AlertStore store = new AlertStore(restarted);

      AlertStore.Opened again =
          store.open(
              "service-down",
              "backend",
              Severity.CRITICAL,
              "backend is down",
              "HTTP 503",
              null,
              T0.plusSeconds(300));

      assertThat(again.created()).isFalse();
      assertThat(again.alert().id()).isEqualTo(first.id());
      assertThat(again.alert().state()).isEqualTo(StoredAlertState.FIRING);
      assertThat(again.alert().firedAt()).isEqualTo(T0.plusSeconds(90));
    }
  }

  @Test
  void twoReplicasOpeningAtOnceMakeOneAlert() throws Exception {
    int replicas = 4;
    List<StateDatabase> databases = new ArrayList<>();
    for (int i = 0; i < replicas; i++) {
      databases.add(database());
      databases.get(i).ready();
    }
    CyclicBarrier together = new CyclicBarrier(replicas);
    try (ExecutorService threads = Executors.newFixedThreadPool(replicas)) {
      List<Future<AlertStore.Opened>> results = new ArrayList<>();
      for (StateDatabase database : databases) {
        Callable<AlertStore.Opened> open =
            () -> {
              together.await();
              return new AlertStore(database)
                  .open(
                      "aurea-stopped",
                      "ai-agents",
                      Severity.CRITICAL,
                      "AUREA stopped",
                      "false",
                      "true",
                      T0);
            };
        results.add(threads.submit(open));
      }
      Set<Long> ids = new HashSet<>();
      int created = 0;
      for (Future<AlertStore.Opened> result : results) {
        ids.add(result.get().alert().id());
        created += result.get().created() ? 1 : 0;
      }

      assertThat(ids).hasSize(1);
      assertThat(created).isEqualTo(1);
    } finally {
      databases.forEach(StateDatabase::close);
    }
  }

  @Test
  void everyTransitionIsStoredWithWhoAndWhen() throws Exception {
    try (StateDatabase database = database()) {
      AlertStore store = new AlertStore(database);
      long id =
          store
              .open(
                  "error-rate", "backend", Severity.WARNING, "error rate 7.5% > 5%", "7.5", "5", T0)
              .alert()
              .id();

      store.transition(id, StoredAlertState.FIRING, null, T0.plusSeconds(60), "held 60 s");
      StoredAlert acknowledged =
          store
              .transition(id, StoredAlertState.ACKNOWLEDGED, "U0ONCALL", T0.plusSeconds(240), null)
              .alert();
      StoredAlert resolved =
          store
              .transition(id, StoredAlertState.RESOLVED, "U0ONCALL", T0.plusSeconds(900), "fixed")
              .alert();

      assertThat(acknowledged.acknowledgedBy()).isEqualTo("U0ONCALL");
      assertThat(acknowledged.acknowledgedAt()).isEqualTo(T0.plusSeconds(240));
      assertThat(resolved.resolvedAt()).isEqualTo(T0.plusSeconds(900));
      assertThat(store.transitions(id))
          .extracting(AlertTransition::from, AlertTransition::to, AlertTransition::by)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(null, StoredAlertState.PENDING, null),
              org.assertj.core.groups.Tuple.tuple(
                  StoredAlertState.PENDING, StoredAlertState.FIRING, null),
              org.assertj.core.groups.Tuple.tuple(
                  StoredAlertState.FIRING, StoredAlertState.ACKNOWLEDGED, "U0ONCALL"),
              org.assertj.core.groups.Tuple.tuple(
                  StoredAlertState.ACKNOWLEDGED, StoredAlertState.RESOLVED, "U0ONCALL"));
      assertThat(store.findOpen("error-rate", "backend")).isEmpty();

      AlertStore.Opened next =
          store.open(
              "error-rate", "backend", Severity.WARNING, "again", "6", "5", T0.plusSeconds(1000));
      assertThat(next.created()).as("a resolved alert lets a new one open").isTrue();
      assertThat(next.alert().id()).isNotEqualTo(id);
    }
  }

  @Test
  void snoozeHoldsAnUntilAndTheStateMachineRefusesImpossibleMoves() throws Exception {
    try (StateDatabase database = database()) {
      AlertStore store = new AlertStore(database);
      long id =
          store.open("memory", "mrg", Severity.WARNING, "memory 91%", "91", "80", T0).alert().id();

      assertThat(store.transition(id, StoredAlertState.ACKNOWLEDGED, "U0ONCALL", T0, null))
          .asInstanceOf(InstanceOfAssertFactories.type(AlertMove.NotAllowed.class))
          .extracting(AlertMove.NotAllowed::reason)
          .isEqualTo("alert " + id + " is pending: it cannot become acknowledged");

      store.transition(id, StoredAlertState.FIRING, null, T0.plusSeconds(60), null);
      StoredAlert snoozed =
          store.snooze(id, T0.plusSeconds(3660), "U0ONCALL", T0.plusSeconds(60)).alert();
      assertThat(snoozed.state()).isEqualTo(StoredAlertState.SNOOZED);
      assertThat(snoozed.snoozedUntil()).isEqualTo(T0.plusSeconds(3660));

      StoredAlert woke =
          store
              .transition(id, StoredAlertState.FIRING, null, T0.plusSeconds(3660), "snooze over")
              .alert();
      assertThat(woke.snoozedUntil()).isNull();
      assertThat(store.openAlerts()).extracting(StoredAlert::id).contains(id);
    }
  }

  @Test
  void aDatabaseThatIsDownSaysSo() {
    try (StateDatabase down =
        new StateDatabase("jdbc:postgresql://127.0.0.1:1/postgres", "postgres", null)) {
      assertThatThrownBy(() -> new AlertStore(down).openAlerts())
          .isInstanceOf(StateUnavailableException.class)
          .hasMessage("database unavailable: connection refused");
    }
  }

  @Test
  void aMoveAnotherReplicaMadeFirstIsAlreadyThereAndALaterSnoozeReplacesAnEarlier()
      throws Exception {
    try (StateDatabase database = database()) {
      AlertStore store = new AlertStore(database);
      long id =
          store.open("disk", "erp", Severity.WARNING, "disk 95%", "95", "90", T0).alert().id();
      store.transition(id, StoredAlertState.FIRING, null, T0.plusSeconds(60), null);

      assertThat(store.transition(id, StoredAlertState.FIRING, null, T0.plusSeconds(61), null))
          .isInstanceOf(AlertMove.AlreadyThere.class)
          .extracting(move -> ((AlertMove.AlreadyThere) move).reason())
          .isEqualTo("alert " + id + " is already firing");

      store.snooze(id, T0.plusSeconds(3660), "U0ONCALL", T0.plusSeconds(60));
      AlertMove later = store.snooze(id, T0.plusSeconds(7260), "U0ONCALL", T0.plusSeconds(120));
      assertThat(later).isInstanceOf(AlertMove.Moved.class);
      assertThat(store.find(id).orElseThrow().snoozedUntil()).isEqualTo(T0.plusSeconds(7260));

      store.transition(id, StoredAlertState.ACKNOWLEDGED, "U0ONCALL", T0.plusSeconds(130), null);
      assertThat(store.snooze(id, T0.plusSeconds(9000), "U0ONCALL", T0.plusSeconds(140)))
          .as("an acknowledged alert has an owner: nothing left to snooze")
          .isInstanceOf(AlertMove.NotAllowed.class);
      assertThat(store.transitions(id))
          .extracting(t -> t.to().id())
          .containsExactly("pending", "firing", "snoozed", "snoozed", "acknowledged");
    }
  }
}
