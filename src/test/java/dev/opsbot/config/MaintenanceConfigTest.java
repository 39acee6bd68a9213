package dev.opsbot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** maintenance: in the main file: scheduled windows, each problem named with what to write. */
class MaintenanceConfigTest {
  private static final Map<String, String> FLEET_ENV =
      Map.of(
          "BRAINOPS_API_KEY", "k",
          "SUPABASE_DB_URL", "jdbc:postgresql://db.example/postgres",
          "SUPABASE_DB_PASSWORD", "p");
  private static final String FLEET =
      """
      services:
        - id: backend
          baseUrl: https://backend.example
        - id: erp
          baseUrl: https://erp.example
      databases:
        supabase:
          url: jdbc:postgresql://db.example/postgres
      """;

  private static OpsbotConfig parse(String maintenance) {
    return new ConfigLoader(Map.of()).parse("t.yaml", FLEET + maintenance);
  }

  private static org.assertj.core.api.ListAssert<String> problems(String maintenance) {
    ConfigException e =
        (ConfigException) org.assertj.core.api.Assertions.catchThrowable(() -> parse(maintenance));
    return assertThat(e.problems().stream().map(Problem::toString).toList());
  }

  @Test
  void theShippedFleetFileHasAWeeklyWindowForTheRenderServices() {
    OpsbotConfig config = new ConfigLoader(FLEET_ENV).load(Path.of("config/opsbot.yaml"));

    MaintenanceWindow window = config.maintenance().getFirst();
    assertThat(window.services()).containsExactly("backend", "ai-agents", "mcp-bridge");
    assertThat(window.schedule().toString()).isEqualTo("every Sunday 02:00-03:00 America/Denver");
    assertThat(window.reason()).startsWith("weekly Render deploys");
  }

  @Test
  void theDemoHasADailyWindowForTheCommandCenter() {
    Map<String, String> env = new java.util.HashMap<>(FLEET_ENV);
    for (String name :
        new String[] {
          "AI_AGENTS",
          "BACKEND",
          "MCP_BRIDGE",
          "ERP",
          "MRG",
          "COMMAND_CENTER",
          "RENDER_API",
          "VERCEL_API"
        }) {
      env.put("DEMO_" + name + "_URL", "http://127.0.0.1:1");
    }
    env.putAll(
        Map.of(
            "DEMO_DB_URL", "jdbc:postgresql://127.0.0.1:1/postgres",
            "DEMO_DB_USER", "u",
            "DEMO_DB_PASSWORD", "p",
            "DEMO_STATE_URL", "jdbc:postgresql://127.0.0.1:1/postgres",
            "DEMO_STATE_USER", "u",
            "DEMO_STATE_PASSWORD", "p",
            "RENDER_API_KEY", "r",
            "VERCEL_TOKEN", "v"));
    env.put("OPSBOT_DEMO_HEARTBEAT_TOKEN", "demo-heartbeat-token-for-tests");
    env.put("OPSBOT_DEMO_INTAKE_TOKEN", "demo-intake-token-for-tests");

    OpsbotConfig config = new ConfigLoader(env).load(Path.of("config/demo.yaml"));

    assertThat(config.maintenance())
        .singleElement()
        .satisfies(w -> {
          assertThat(w.services()).containsExactly("command-center");
          assertThat(w.schedule().days()).hasSize(7);
        });
  }

  @Test
  void weeklyOneOffAndDailyWindowsAreReadAsWallClockTimesInTheirZone() {
    OpsbotConfig config =
        parse(
            """
            maintenance:
              - name: weekly-deploy
                services: [backend]
                when: every Sunday 02:00-03:00 Europe/Berlin
                reason: deploys
              - name: weekend
                services: [erp, supabase]
                when: every Saturday,Sunday 23:00-01:00 UTC
              - name: upgrade
                services: [supabase]
                when: 2026-12-06T02:00/2026-12-06T04:00 Europe/Berlin
            """);

    MaintenanceWhen weekly = config.maintenance().get(0).schedule();
    assertThat(weekly.days()).containsExactly(DayOfWeek.SUNDAY);
    assertThat(weekly.from()).isEqualTo(LocalTime.of(2, 0));
    assertThat(weekly.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(config.maintenance().get(1).schedule().days())
        .isEqualTo(Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));
    assertThat(config.maintenance().get(1).reason()).isNull();
    MaintenanceWhen once = config.maintenance().get(2).schedule();
    assertThat(once.weekly()).isFalse();
    assertThat(once.onceTo()).isEqualTo(LocalDateTime.parse("2026-12-06T04:00"));
  }

  @Test
  void withoutAMaintenanceSectionThereAreNoWindows() {
    assertThat(parse("").maintenance()).isEmpty();
  }

  @Test
  void eachBadWindowIsNamedByItsKeyPathWithWhatToWrite() {
    problems(
            """
            maintenance:
              - name: deploy
                services: [backnd, nosuch]
                when: every Sunday 02:00-03:00 Europe/Berln
              - name: deploy
                services: [erp]
                when: every Funday 02:00-03:00 UTC
              - name: Big Upgrade
                services: [supabase]
                when: 2026-12-06T04:00/2026-12-06T02:00 UTC
              - name: later
                when: sundays at two
              - name: clock
                services: [erp]
                when: every Monday 25:00-26:00 UTC
              -
            """)
        .containsExactly(
            "t.yaml: maintenance[0].services[0]: no service or database 'backnd' (did you mean"
                + " 'backend'?): use one of [backend, erp, supabase]",
            "t.yaml: maintenance[0].services[1]: no service or database 'nosuch': use one of"
                + " [backend, erp, supabase]",
            "t.yaml: maintenance[0].when: 'Europe/Berln' is not a time zone: use an IANA name"
                + " such as Europe/Berlin or UTC",
            "t.yaml: maintenance[1].name: duplicate window name 'deploy': each window needs its"
                + " own name",
            "t.yaml: maintenance[1].when: 'Funday' is not a day: write Monday ... Sunday (several"
                + " with commas), or day",
            "t.yaml: maintenance[2].name: 'Big Upgrade' is not a usable name: lower-case letters,"
                + " digits and dashes, such as weekly-deploy",
            "t.yaml: maintenance[2].when: the window ends at 2026-12-06T02:00, not after its start"
                + " 2026-12-06T04:00: put the end last",
            "t.yaml: maintenance[3].services: required key is missing: the services it covers,"
                + " such as [backend, erp]; one of [backend, erp, supabase]",
            "t.yaml: maintenance[3].when: 'sundays at two' is not a window: "
                + MaintenanceWhen.FORMS,
            "t.yaml: maintenance[4].when: '25:00' is not a time of day: write HH:mm, such as"
                + " 02:00",
            "t.yaml: maintenance[5]: empty entry: give it a name, services and when, such as name:"
                + " weekly-deploy, services: [backend], when: every Sunday 02:00-03:00"
                + " Europe/Berlin");
  }

  @Test
  void aMissingWhenAndAnUnknownKeyAreRefused() {
    problems(
            """
            maintenance:
              - name: deploy
                services: [erp]
            """)
        .singleElement()
        .asString()
        .contains("maintenance[0].when: required key is missing: write 'every Sunday");
    assertThatThrownBy(() ->
            parse(
                """
                maintenance:
                  - name: deploy
                    services: [erp]
                    when: every day 02:00-02:15 UTC
                    zone: UTC
                """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("maintenance[0].zone");
  }
}
