package dev.opsbot.oncall;

import static dev.opsbot.oncall.OnCallFixture.ANA;
import static dev.opsbot.oncall.OnCallFixture.BEN;
import static dev.opsbot.oncall.OnCallFixture.CY;
import static dev.opsbot.oncall.OnCallFixture.LEAD;
import static dev.opsbot.oncall.OnCallFixture.STRANGER;
import static dev.opsbot.oncall.OnCallFixture.WEDNESDAY;
import static dev.opsbot.oncall.OnCallFixture.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.opsbot.access.AccessPolicy;
import dev.opsbot.access.Caller;
import dev.opsbot.access.GroupDirectory;
import dev.opsbot.audit.AuditEntry;
import dev.opsbot.audit.AuditKind;
import dev.opsbot.audit.AuditLog;
import dev.opsbot.audit.AuditTrail;
import dev.opsbot.command.CommandRouter;
import dev.opsbot.command.Outcome;
import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.RoleGrant;
import dev.opsbot.state.StateDatabase;
import dev.opsbot.testing.FakeClock;
import dev.opsbot.testing.TestStateDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overrides from chat against a real PostgreSQL: stored and applied by /oncall, refused with
 * nothing stored, one of two overlapping requests at once, cancel, who may, and the audit rows.
 */
class OnCallOverridesIT {
  private static TestStateDatabase postgres;
  private static StateDatabase database;
  private static AuditLog audit;

  private final FakeClock clock = new FakeClock(WEDNESDAY);
  private CommandRouter router;
  private long auditBefore;

  @BeforeAll
  static void startDatabase() throws Exception {
    postgres = TestStateDatabase.start();
    database = postgres.database();
    assertThat(database.ready()).isEmpty();
    audit = new AuditLog(database, 1000);
  }

  @AfterAll
  static void stopDatabase() throws Exception {
    audit.close();
    postgres.close();
  }

  @BeforeEach
  void start() throws Exception {
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE oncall_overrides RESTART IDENTITY");
      // The audit log is append-only: each test reads the rows after this one.
      try (ResultSet last = statement.executeQuery("SELECT coalesce(max(id), 0) FROM audit_log")) {
        last.next();
        auditBefore = last.getLong(1);
      }
    }
    router = router(database, audit);
  }

  private CommandRouter router(StateDatabase state, AuditTrail trail) {
    OnCallRoster layers = OnCallFixture.roster(OnCallFixture.FILE, OverrideSource.NONE);
    OverrideStore store = new OverrideStore(state, layers::person);
    AccessPolicy access =
        new AccessPolicy(
            new AccessConfig(Map.of("admin", new RoleGrant(List.of("U0LEAD"), null, null, null))),
            GroupDirectory.NONE,
            "config/opsbot.yaml");
    return CommandRouter.withHelp(
        List.of(
            new OnCallCommand(
                layers.withOverrides(store), store, access, trail, "config/oncall.yaml", clock)),
        access,
        AuditTrail.commands(trail),
        clock);
  }

  private String say(Caller caller, String line) {
    return text(router.handle(line, caller)).strip();
  }

  private static List<String> rows() throws Exception {
    List<String> rows = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery(
                "SELECT id, schedule, person_id, starts_at, ends_at, requested_by, canceled_by"
                    + " FROM oncall_overrides ORDER BY id")) {
      while (row.next()) {
        rows.add(
            row.getLong("id")
                + " "
                + row.getString("schedule")
                + " "
                + row.getString("person_id")
                + " "
                + row.getTimestamp("starts_at").toInstant()
                + ".."
                + row.getTimestamp("ends_at").toInstant()
                + " by "
                + row.getString("requested_by")
                + (row.getString("canceled_by") == null
                    ? ""
                    : " canceled by " + row.getString("canceled_by")));
      }
    }
    return rows;
  }

  /** The on-call rows this test wrote, once the audit log has written them. */
  private List<AuditEntry> onCallAudit() throws Exception {
    for (int i = 0; i < 300 && audit.pendingCount() > 0; i++) {
      Thread.sleep(20);
    }
    List<Long> ids = new ArrayList<>();
    try (Connection connection = database.dataSource().getConnection();
        Statement statement = connection.createStatement();
        ResultSet row =
            statement.executeQuery("SELECT count(*) FROM audit_log WHERE id > " + auditBefore)) {
      row.next();
      ids.add(row.getLong(1));
    }
    return audit.latest(ids.getFirst().intValue()).reversed().stream()
        .filter(e -> e.kind().name().startsWith("ONCALL_"))
        .toList();
  }

  @Test
  void theIncomingPersonTakesThePagerForFourHoursAndOnCallShowsIt() throws Exception {
    assertThat(say(BEN, "/oncall override <@U0BEN|ben> 4h"))
        .isEqualTo(
            "Ben has the primary pager from now until Wed 2 Dec 15:00 CET (14:00 UTC) (override"
                + " #1, instead of Ana). Ana is back at Wed 2 Dec 15:00 CET (14:00 UTC).");

    assertThat(rows())
        .containsExactly("1 primary ben 2026-12-02T10:00:00Z..2026-12-02T14:00:00Z by U0BEN");
    assertThat(say(ANA, "/oncall"))
        .contains(
            "primary: Ben (override #1) until Wed 2 Dec 15:00 CET (14:00 UTC); next Ana (weekly)");
    assertThat(say(ANA, "/oncall week"))
        .contains("Wed 2 Dec 11:00  Wed 2 Dec 15:00   Ben      override #1");
  }

  @Test
  void anAdminSetsAWindowReadInTheSchedulesZone() throws Exception {
    assertThat(say(LEAD, "/oncall override cy 2026-12-24 08:00..2026-12-26 08:00 primary"))
        .isEqualTo(
            "Cy has the primary pager from Thu 24 Dec 08:00 CET (07:00 UTC) until Sat 26 Dec 08:00"
                + " CET (07:00 UTC) (override #1, instead of Ben). Ben is back at Sat 26 Dec 08:00"
                + " CET (07:00 UTC).");
    assertThat(rows())
        .containsExactly("1 primary cy 2026-12-24T07:00:00Z..2026-12-26T07:00:00Z by U0LEAD");
  }

  @Test
  void thePersonReplacedMayHandThePagerOnButNobodyElse() throws Exception {
    String refusal =
        "Only the person on call then (Ana), the incoming person (Ben) or an admin may move the"
            + " primary pager for that window; you (U0CY) are none of them. Nothing was stored.";
    assertThat(say(CY, "/oncall override ben 4h")).isEqualTo(refusal);
    assertThat(say(STRANGER, "/oncall override ben 4h"))
        .isEqualTo(refusal.replace("U0CY", "U0NOBODY"));
    assertThat(rows()).isEmpty();

    assertThat(say(ANA, "/oncall override ben 4h")).startsWith("Ben has the primary pager");
    assertThat(rows()).hasSize(1);
  }

  @Test
  void anOverlappingOverrideIsRefusedNamingTheOneInTheWay() throws Exception {
    say(BEN, "/oncall override ben 4h");

    assertThat(say(LEAD, "/oncall override cy 2026-12-02 14:00..2026-12-02 18:00"))
        .isEqualTo(
            "That overlaps override #1 (Ben, Wed 2 Dec 11:00 CET (10:00 UTC) until Wed 2 Dec"
                + " 15:00 CET (14:00 UTC)): cancel it first with /oncall cancel 1, or pick another"
                + " window. Nothing was stored.");
    assertThat(rows()).hasSize(1);
    // Back to back is not an overlap.
    assertThat(say(LEAD, "/oncall override cy 2026-12-02 15:00..2026-12-02 18:00"))
        .startsWith("Cy has the primary pager from Wed 2 Dec 15:00 CET");
    assertThat(rows()).hasSize(2);
  }

  @Test
  void twoOverlappingRequestsAtOnceStoreOne() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 10; round++) {
        try (Connection connection = database.dataSource().getConnection();
            Statement statement = connection.createStatement()) {
          statement.execute("TRUNCATE oncall_overrides RESTART IDENTITY");
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> answers = new ArrayList<>();
        for (String line :
            List.of(
                "/oncall override ben 4h",
                "/oncall override cy 2026-12-02 12:00..2026-12-02 20:00")) {
          answers.add(
              pool.submit(() -> {
                go.await();
                return say(LEAD, line);
              }));
        }
        go.countDown();
        List<String> said = new ArrayList<>();
        for (Future<String> answer : answers) {
          said.add(answer.get());
        }

        assertThat(rows()).hasSize(1);
        assertThat(said).filteredOn(s -> s.contains(" has the primary pager ")).hasSize(1);
        assertThat(said).filteredOn(s -> s.startsWith("That overlaps override #1")).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void refusedOverridesStoreNothingAndSayWhy() throws Exception {
    assertThat(say(LEAD, "/oncall override ben 2026-12-01 08:00..2026-12-01 12:00"))
        .isEqualTo(
            "That window ended at Tue 1 Dec 12:00 CET (11:00 UTC), in the past. Nothing was"
                + " stored.");
    assertThat(say(LEAD, "/oncall override ben 2026-12-26 08:00..2026-12-24 08:00"))
        .isEqualTo(
            "That window ends before it starts: write the start first, as 2026-12-24"
                + " 08:00..2026-12-26 08:00. Nothing was stored.");
    assertThat(say(LEAD, "/oncall override ben 3650d"))
        .isEqualTo(
            "An override may last 14 days at most, and that one lasts 3650 days: change the"
                + " rotation in the on-call file instead. Nothing was stored.");
    assertThat(say(LEAD, "/oncall override ben 2026-12-24 08:00..2036-12-24 08:00"))
        .startsWith("An override may last 14 days at most, and that one lasts 3653 days");
    assertThat(say(LEAD, "/oncall override ben 2027-12-24 08:00..2027-12-25 08:00"))
        .isEqualTo("An override may start at most 365 days ahead. Nothing was stored.");
    assertThat(say(LEAD, "/oncall override <@U0NEW> 4h"))
        .isEqualTo(
            "<@U0NEW> is not an on-call person: add them under people: in config/oncall.yaml (an"
                + " id, name, and their slack: or discord: user id), then restart opsbot.");
    assertThat(say(LEAD, "/oncall override ben 4h secondary"))
        .isEqualTo("There is no schedule 'secondary'. The schedules are: primary.");
    assertThat(say(ANA, "/oncall override ana 4h"))
        .isEqualTo("Ana is on call for primary for all of that window already: nothing to change.");
    assertThat(rows()).isEmpty();
  }

  @Test
  void aWindowWhoseStartHasPassedBeginsNow() throws Exception {
    assertThat(say(BEN, "/oncall override ben 2026-12-02 09:00..2026-12-02 13:00"))
        .isEqualTo(
            "Ben has the primary pager from now (the start you gave has passed) until Wed 2 Dec"
                + " 13:00 CET (12:00 UTC) (override #1, instead of Ana). Ana is back at Wed 2 Dec"
                + " 13:00 CET (12:00 UTC).");
  }

  @Test
  void cancelingGivesThePagerBackAndOnlyTheRightPeopleMayCancel() throws Exception {
    say(BEN, "/oncall override ben 4h");

    assertThat(say(CY, "/oncall cancel 1"))
        .isEqualTo(
            "Only the person on call then (Ana), the incoming person (Ben) or an admin may move the"
                + " primary pager for that window; you (U0CY) are none of them. Nothing was"
                + " stored.");
    assertThat(say(ANA, "/oncall cancel 1"))
        .isEqualTo(
            "Override #1 canceled (Ben, Wed 2 Dec 11:00 CET (10:00 UTC) until Wed 2 Dec 15:00 CET"
                + " (14:00 UTC)). Ana has the primary pager again from now until Mon 7 Dec 09:00"
                + " CET (08:00 UTC) (weekly).");
    assertThat(rows())
        .containsExactly(
            "1 primary ben 2026-12-02T10:00:00Z..2026-12-02T14:00:00Z by U0BEN canceled by U0ANA");
    assertThat(say(ANA, "/oncall")).contains("primary: Ana (weekly) until Mon 7 Dec 09:00 CET");
    assertThat(say(BEN, "/oncall cancel 1"))
        .isEqualTo(
            "Override #1 was canceled already, by U0ANA at Wed 2 Dec 11:00 CET (10:00 UTC).");
    assertThat(say(BEN, "/oncall cancel 7")).isEqualTo("There is no override #7.");
    // A canceled override no longer stands in the way.
    assertThat(say(LEAD, "/oncall override cy 2h")).startsWith("Cy has the primary pager");
  }

  @Test
  void anAdminOrTheIncomingPersonMayCancelAFutureOverride() throws Exception {
    say(LEAD, "/oncall override cy 2026-12-24 08:00..2026-12-26 08:00");
    say(LEAD, "/oncall override cy 2026-12-27 08:00..2026-12-27 10:00");

    // Ben has the pager again until Cy's second override begins.
    assertThat(say(CY, "/oncall cancel 1"))
        .isEqualTo(
            "Override #1 canceled (Cy, Thu 24 Dec 08:00 CET (07:00 UTC) until Sat 26 Dec 08:00 CET"
                + " (07:00 UTC)). Ben has the primary pager from Thu 24 Dec 08:00 CET (07:00 UTC)"
                + " until Sun 27 Dec 08:00 CET (07:00 UTC) (weekly).");
    assertThat(say(LEAD, "/oncall cancel 2")).startsWith("Override #2 canceled");
  }

  @Test
  void aSwapTradesOurNextShiftsAsTwoOverrides() throws Exception {
    assertThat(say(ANA, "/oncall swap <@U0BEN>"))
        .isEqualTo(
            "Ana and Ben swapped their next primary shifts: Ben has the pager from Wed 2 Dec 11:00"
                + " CET (10:00 UTC) until Mon 7 Dec 09:00 CET (08:00 UTC) instead of Ana (override"
                + " #1); Ana has the pager from Mon 7 Dec 09:00 CET (08:00 UTC) until Mon 14 Dec"
                + " 09:00 CET (08:00 UTC) instead of Ben (override #2).");
    assertThat(rows())
        .containsExactly(
            "1 primary ben 2026-12-02T10:00:00Z..2026-12-07T08:00:00Z by U0ANA",
            "2 primary ana 2026-12-07T08:00:00Z..2026-12-14T08:00:00Z by U0ANA");
    assertThat(say(ANA, "/oncall me"))
        .contains(
            "primary   Mon 7 Dec 09:00 CET (08:00 UTC)   Mon 14 Dec 09:00 CET (08:00 UTC)"
                + "  override #2");
    assertThat(say(ANA, "/oncall swap ben")).startsWith("That overlaps override #1 (Ben,");
    assertThat(say(CY, "/oncall swap ben"))
        .isEqualTo("You have no primary shift in the next 30 days to swap. Nothing was stored.");
    assertThat(rows()).hasSize(2);
  }

  @Test
  void everyOverrideSwapAndCancelIsAuditedAndSoIsARefusal() throws Exception {
    say(CY, "/oncall override ben 4h");
    say(BEN, "/oncall override ben 4h");
    say(ANA, "/oncall cancel 1");
    say(ANA, "/oncall swap ben");

    assertThat(onCallAudit())
        .extracting(AuditEntry::kind, AuditEntry::outcome, AuditEntry::userId, AuditEntry::detail)
        .containsExactly(
            tuple(
                AuditKind.ONCALL_OVERRIDE,
                Outcome.REFUSED,
                "U0CY",
                "Only the person on call then (Ana), the incoming person (Ben) or an admin may move"
                    + " the primary pager for that window; you (U0CY) are none of them. Nothing"
                    + " was stored."),
            tuple(
                AuditKind.ONCALL_OVERRIDE,
                Outcome.OK,
                "U0BEN",
                "override=1 person=ben from=2026-12-02T10:00:00Z until=2026-12-02T14:00:00Z"
                    + " replaces=ana"),
            tuple(
                AuditKind.ONCALL_CANCEL,
                Outcome.OK,
                "U0ANA",
                "override=1 person=ben from=2026-12-02T10:00:00Z until=2026-12-02T14:00:00Z"),
            tuple(
                AuditKind.ONCALL_SWAP,
                Outcome.OK,
                "U0ANA",
                "override=2 person=ben from=2026-12-02T10:00:00Z until=2026-12-07T08:00:00Z"
                    + " replaces=ana"),
            tuple(
                AuditKind.ONCALL_SWAP,
                Outcome.OK,
                "U0ANA",
                "override=3 person=ana from=2026-12-07T08:00:00Z until=2026-12-14T08:00:00Z"
                    + " replaces=ben"));
    assertThat(onCallAudit().get(1).action()).isEqualTo("oncall override primary");
  }

  @Test
  void withTheDatabaseDownOnCallAnswersFromTheRotationAndOverridesAreRefused() throws Exception {
    TestStateDatabase own = TestStateDatabase.start();
    try {
      assertThat(own.database().ready()).isEmpty();
      router = router(own.database(), AuditTrail.NONE);
      assertThat(say(BEN, "/oncall override ben 4h")).startsWith("Ben has the primary pager");
      own.stopServer();

      assertThat(say(ANA, "/oncall"))
          .contains("primary: Ana (weekly) until Mon 7 Dec 09:00 CET (08:00 UTC)")
          .contains("Overrides could not be read: the state database failed (");
      assertThat(say(BEN, "/oncall override ben 4h"))
          .startsWith("Overrides are kept in the state database, which can't be reached now (")
          .endsWith("Nothing was changed.");
    } finally {
      own.database().close();
    }
  }
}
