package dev.opsbot.alert;

import dev.opsbot.config.AlertRules;
import dev.opsbot.config.OnCallConfig;
import dev.opsbot.oncall.OnCallRoster;
import dev.opsbot.oncall.OverrideSource;

/**
 * How the desk pages for unacknowledged alerts: the policies, who is on call, and whether pages are
 * also e-mailed (SMTP set up).
 */
public record Escalation(EscalationPolicies policies, OnCallRoster roster, boolean email) {
  /** The rules file's single page, for a configuration without on-call schedules. */
  public static Escalation singlePage(AlertRules rules, boolean email) {
    return new Escalation(
        EscalationPolicies.singlePage(rules),
        OnCallRoster.of(OnCallConfig.NONE, OverrideSource.NONE),
        email);
  }
}
