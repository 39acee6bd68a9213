package dev.opsbot.intake;

import dev.opsbot.alert.ExternalAlert;
import java.util.List;
import java.util.Map;

/**
 * What one delivery says about one thing the source deduplicates on (an Alertmanager group, a
 * webhook's dedup key): the opsbot alert it maps to and the alerts it carries.
 *
 * @param contentHash what makes a delivery the same as an earlier one (status, members and their
 *     statuses, summary, not the times a source refreshes on each send)
 */
record IntakeAlert(
    String source,
    String dedupKey,
    boolean firing,
    String ruleId,
    String service,
    String summary,
    String value,
    Map<String, String> silenceLabels,
    List<IntakeMember> members,
    String contentHash) {

  ExternalAlert external() {
    return new ExternalAlert(ruleId, service, firing, summary, value);
  }

  String status() {
    return firing ? "firing" : "resolved";
  }
}
