package dev.opsbot.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.Main;
import dev.opsbot.config.SecretRedactor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The demo end to end in one process: simulated fleet, real PostgreSQL, scripted console. */
class DemoConsoleIT {
  @Test
  void scriptedSessionSeesAnInjectedFaultAndItsRecovery() {
    String script =
        String.join(
            "\n",
            "/health --fresh",
            "/demo backend error",
            "/health backend --fresh",
            "/demo mrg down",
            "/health --fresh",
            "/demo aurea-stop",
            "/demo scheduler 58",
            "/aurea --fresh",
            "/demo reset",
            "/health --fresh",
            "/aurea --fresh",
            "/rollback backend",
            "/demo backend melt",
            "/sql customers-by-tenant",
            "/sql DELETE FROM jobs",
            "/audit",
            "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        Main.execute(
            new String[] {"demo"},
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(transcript + err).isZero();
    String[] replies = transcript.split("\n> ");
    assertThat(replies[1]).startsWith("/health --fresh").contains("7/7 up");
    assertThat(replies[1])
        .containsPattern("ai-agents +UP +200 +\\d+ ms +9\\.1\\.1")
        .containsPattern("supabase +UP +- +\\d+ ms +18\\.");
    assertThat(replies[3]).contains("backend: DOWN").contains("HTTP 500");
    assertThat(replies[5])
        // mrg depends on backend (config/demo.yaml), which is down too: /health says so.
        .containsPattern(
            "mrg +DOWN - backend is down +- +\\d+ ms +- +connection refused by 127\\.0\\.0\\.1")
        .contains("5/7 up, 2 down");
    assertThat(replies[8])
        .contains("Running:           NO: critical, restart the service")
        .contains("58 of 61 expected: check the agent configuration");
    assertThat(replies[10]).contains("7/7 up");
    assertThat(replies[11]).contains("Running:           yes").contains("61 of 61 expected");
    assertThat(replies[12])
        .contains("Roll back backend to dep-")
        .contains("(plan #1)")
        .contains("[Confirm rollback] [Cancel]")
        .contains("Typed: /rollback confirm 1");
    assertThat(replies[13]).contains("unknown fault 'melt'");
    assertThat(replies[14])
        .contains("customers-by-tenant on supabase: 10 rows")
        .containsPattern("tenant_id +customers");
    assertThat(replies[15]).contains("Refused by rule read-only-statement");
    assertThat(replies[16])
        .contains("This needs the admin role, and you (U0ONCALL) do not have it");
    assertThat(transcript).endsWith("opsbot demo stopped.\n");
    assertThat(transcript)
        .containsPattern("Status page: http://127\\.0\\.0\\.1:\\d+/status\n")
        .containsPattern(
            "Alertmanager intake: POST http://127\\.0\\.0\\.1:\\d+/intake/alertmanager with"
                + " header \"Authorization: Bearer \\$\\(cat /\\S+\\)\"\n")
        .containsPattern(
            "Heartbeat 'scheduler' is pinged every 3 s \\(/demo heartbeat stop stops it\\); by"
                + " hand: curl -fsS -X POST -H \"Authorization: Bearer \\$\\(cat /\\S+\\)\""
                + " http://127\\.0\\.0\\.1:\\d+/heartbeat/scheduler\n");
    assertThat(transcript + err).doesNotContain("demo-" + "0".repeat(0) + "BRAINOPS");
    // Every secret of the session (the database's generated passwords included) is registered
    // with the redactor: none of them may show.
    assertThat(SecretRedactor.redact(transcript + err)).isEqualTo(transcript + err);
  }

  @Test
  void theAdminSeesTheAuditLogOfTheSession() {
    String script =
        String.join("\n", "/health", "/sql memory-entries", "/sql DROP TABLE jobs", "/audit 5", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    int code =
        Main.execute(
            new String[] {"demo", "--as", "U0ADMIN"},
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            Map.of());

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(transcript).isZero();
    String audit = transcript.split("\n> ")[4];
    assertThat(audit)
        .contains("Audit log")
        .containsPattern("U0ADMIN\\) +console:console +/sql DROP TABLE jobs +refused")
        .containsPattern("/sql memory-entries +ok .*rows=5")
        .containsPattern("/health +ok");
  }

  @Test
  void aRotationMemberTakesThePagerAndOnCallShowsIt() {
    String script =
        String.join("\n", "/oncall override ben 10m", "/oncall", "/oncall cancel 1", "");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        Main.execute(
            new String[] {"demo", "--as", "U0BEN"},
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(transcript + err).isZero();
    String[] replies = transcript.split("\n> ");
    assertThat(replies[1]).contains("Ben has the primary pager from now until").contains("#1");
    assertThat(replies[2]).contains("primary: Ben (override #1) until");
    assertThat(replies[3]).contains("Override #1 canceled (Ben,");
  }

  @Test
  void maintenanceListsTheDemosConfiguredWindow() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        Main.execute(
            new String[] {"demo", "--as", "U0ONCALL"},
            new ByteArrayInputStream("/maintenance\n".getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(transcript + err).isZero();
    assertThat(transcript)
        .contains("Scheduled in the configuration:")
        .containsPattern(
            "dashboard-rebuild +command-center +every day 03:00-03:15 UTC +(in |running, ).*"
                + "nightly dashboard rebuild");
  }

  @Test
  void healthSaysWhichServicesAreInAMaintenanceWindowStartedFromChat() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String script = "/maintenance backend 30m db migration\n/health\n/health backend\n";

    int code =
        Main.execute(
            new String[] {"demo", "--as", "U0ONCALL"},
            new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            Map.of());

    String transcript = out.toString(StandardCharsets.UTF_8);
    assertThat(code).as(transcript + err).isZero();
    String[] replies = transcript.split("\n> ");
    assertThat(replies[1]).contains("Started maintenance window");
    String note =
        "in maintenance until \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC \\(window \\d+: db"
            + " migration\\); its alerts are held";
    assertThat(replies[2])
        .containsPattern("backend: " + note)
        .doesNotContain("erp: in maintenance");
    assertThat(replies[3]).containsPattern("Maintenance: +" + note);
  }
}
