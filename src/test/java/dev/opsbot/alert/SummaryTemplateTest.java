package dev.opsbot.alert;

import static dev.opsbot.alert.AlertFixtures.errorRateAbove5;
import static dev.opsbot.alert.AlertFixtures.statusRule;
import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.AlertRule;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SummaryTemplateTest {

  @Test
  void fillsServiceValueThresholdAndReason() {
    AlertRule rule = withSummary("{service}: error rate {value}% over {threshold}% ({reason})");

    assertThat(
            SummaryTemplate.render(
                rule, new AlertKey("error-rate", "backend"), "7.5", "> 5", "errorRate 7.5 > 5"))
        .isEqualTo("backend: error rate 7.5% over > 5% (errorRate 7.5 > 5)");
  }

  @Test
  void statusRuleSummaryShowsTheProbeReason() {
    AlertRule rule = statusRule("down", "DOWN", "critical", Duration.ofSeconds(90));

    assertThat(
            SummaryTemplate.render(
                rule, new AlertKey("down", "mcp-bridge"), "DOWN", "DOWN", "timed out after 5 s"))
        .isEqualTo("mcp-bridge is down: timed out after 5 s");
  }

  @Test
  void textFromTheServiceIsNotReadAsAPlaceholderOrRegexReplacement() {
    AlertRule rule = withSummary("{service} says {value} because {reason}");

    assertThat(
            SummaryTemplate.render(
                rule, new AlertKey("r", "backend"), "{reason} $1", "= x", "a\\b"))
        .isEqualTo("backend says {reason} $1 because a\\b");
  }

  @Test
  void missingPartsShowAsQuestionMarkAndUnknownPlaceholdersStay() {
    AlertRule rule = withSummary("{service} {value} {runbook}");

    assertThat(SummaryTemplate.render(rule, new AlertKey("r", "backend"), null, null, null))
        .isEqualTo("backend ? {runbook}");
  }

  @Test
  void ruleWithoutSummaryNamesRuleAndService() {
    AlertRule rule = withSummary(null);

    assertThat(
            SummaryTemplate.render(rule, new AlertKey("error-rate", "backend"), "7.5", "> 5", ""))
        .isEqualTo("error-rate on backend");
  }

  private static AlertRule withSummary(String summary) {
    AlertRule rule = errorRateAbove5();
    return new AlertRule(
        rule.id(),
        summary,
        rule.when(),
        rule.severity(),
        rule.holdFor(),
        rule.clearFor(),
        rule.channel(),
        rule.runbook(),
        rule.repeatEvery(),
        rule.escalateAfter(),
        rule.services());
  }
}
