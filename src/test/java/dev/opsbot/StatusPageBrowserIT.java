package dev.opsbot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.alert.StoredAlert;
import dev.opsbot.alert.StoredAlertState;
import dev.opsbot.config.ServiceConfig;
import dev.opsbot.testing.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The status page in a real browser: headless Chromium loads {@code /status} from a running demo
 * opsbot (probe results from the simulated fleet, history in its PostgreSQL) while the backend is
 * down and an alert is open. Screenshots go to target/status-page.png (a phone's first screen) and
 * target/status-page-full.png (the whole page at phone width).
 */
class StatusPageBrowserIT {
  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final Pattern HOST_OR_ADDRESS =
      Pattern.compile("127\\.0\\.0\\.1|localhost|\\b\\d{1,3}(\\.\\d{1,3}){3}\\b|https?://");

  private HeadlessChromium chromium;
  private DemoBot demo;

  @BeforeEach
  void start() throws Exception {
    chromium = HeadlessChromium.require();
    demo = DemoBot.start();
  }

  @AfterEach
  void stop() {
    if (demo != null) {
      demo.close();
    }
  }

  @Test
  void thePageListsEveryServiceShowsTheOpenIncidentAndNoHost() throws Exception {
    demo.command("/demo backend down");
    StoredAlert alert = awaitFiringAlertOn("backend");
    assertThat(alert.summary()).as("the alert's summary as chat shows it").contains("127.0.0.1");

    String url = demo.adminUrl("/status");
    String dom = chromium.dumpDom(url, 390, 844);
    chromium.screenshot(url, Path.of("target/status-page.png"), 390, 844);
    chromium.screenshot(url, Path.of("target/status-page-full.png"), 390, 2600);

    List<String> expected = new ArrayList<>();
    demo.configuration().config().services().stream()
        .map(ServiceConfig::name)
        .forEach(expected::add);
    expected.addAll(demo.configuration().config().databases().keySet());
    assertThat(textOf(dom, "h3"))
        .as("every service and database on the page")
        .containsAll(expected.stream().map(StatusPageBrowserIT::escaped).toList());
    assertThat(count(dom, "class=\"card service ")).isEqualTo(expected.size());
    assertThat(count(dom, "<span class=\"(good|fair|poor|bad|none)\""))
        .isEqualTo(90 * expected.size());
    assertThat(dom).contains("data-incident=\"" + alert.id() + "\"");
    assertThat(dom).containsPattern("Backend[^<]*</h3><span class=\"status down\">Down</span>");
    assertThat(dom).contains("backend is down").contains("Partial outage");
    assertThat(dom)
        .as("the demo's heartbeat under Scheduled jobs")
        .contains("<h2>Scheduled jobs</h2>")
        .containsPattern(
            "data-heartbeat=\"scheduler\"><div class=\"row\"><h3>AI Agents scheduler</h3><span"
                + " class=\"status (up|unknown)\">");
    assertThat(dom)
        .as("the demo's configured nightly window, shown ahead of time (or while it runs)")
        .containsPattern(
            "<h3>nightly dashboard rebuild</h3><p class=\"muted\">Command Center \\(dashboard\\) · [^<]+ to"
                + " [^<]+</p>")
        .doesNotContain("No maintenance scheduled.");
    Matcher leak = HOST_OR_ADDRESS.matcher(dom);
    assertThat(leak.find())
        .as("a host or address on the page: " + (leak.find(0) ? leak.group() : ""))
        .isFalse();
  }

  private StoredAlert awaitFiringAlertOn(String service) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (System.nanoTime() < deadline) {
      for (StoredAlert alert : demo.bot().alerts().openAlerts()) {
        if (alert.service().equals(service) && alert.state() == StoredAlertState.FIRING) {
          return alert;
        }
      }
      Thread.sleep(250);
    }
    throw new AssertionError(
        "no alert fired on " + service + " within " + PATIENCE.toSeconds() + " s");
  }

  private static List<String> textOf(String dom, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">").matcher(dom);
    List<String> texts = new ArrayList<>();
    while (m.find()) {
      texts.add(m.group(1));
    }
    return texts;
  }

  private static long count(String dom, String regex) {
    return Pattern.compile(regex).matcher(dom).results().count();
  }

  /** How Chromium serialises text: &, < and > escaped. */
  private static String escaped(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
