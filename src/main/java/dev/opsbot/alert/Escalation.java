package dev.opsbot.alert;

import dev.opsbot.oncall.OnCallRoster;

/**
 * How the desk pages for unacknowledged alerts: the policies, who is on call, and whether pages are
 * also e-mailed (SMTP set up).
 */
public record Escalation(EscalationPolicies policies, OnCallRoster roster, boolean email) {}
