package dev.opsbot.audit;

import java.util.Locale;

/**
 * What an audit row records, as a closed set: stored in {@code audit_log.kind}, so that a figure
 * counts kinds and never depends on how the row's action text is worded. The text stays for people:
 * {@link #describe} words it from the kind and its subject.
 *
 * <p>A refused step keeps the kind of the step (a refused confirmation is a {@link
 * #ROLLBACK_CONFIRM} row whose outcome is refused), so which step was refused stays typed too.
 */
public enum AuditKind {
  /** A command as typed; its subject is the command line, secrets masked. */
  COMMAND(""),
  /** A button click; its subject is the button's action id. */
  CLICK("click"),
  /** A rollback planned and awaiting confirmation; its subject is the service. */
  ROLLBACK_REQUEST("rollback request"),
  /** A second person's approval of a rollback plan (four-eyes). */
  ROLLBACK_APPROVE("rollback approve"),
  /** A pending rollback plan canceled. */
  ROLLBACK_CANCEL("rollback cancel"),
  /** A rollback confirmed and handed to the provider. */
  ROLLBACK_CONFIRM("rollback confirm"),
  /** How a confirmed rollback ended, once per plan: what the digest counts as performed. */
  ROLLBACK_OUTCOME("rollback outcome"),
  /** A service's auto-deploy turned off after a rollback. */
  ROLLBACK_AUTODEPLOY_OFF("rollback autodeploy-off"),
  /** Someone takes a schedule's pager for a window; its subject is the schedule. */
  ONCALL_OVERRIDE("oncall override"),
  /** Two people trade their next shifts of a schedule (two overrides). */
  ONCALL_SWAP("oncall swap"),
  /** An override canceled before its end. */
  ONCALL_CANCEL("oncall cancel"),
  /** A restart planned and awaiting confirmation; its subject is the service. */
  RESTART_REQUEST("restart request"),
  /** A second person's approval of a restart plan (four-eyes). */
  RESTART_APPROVE("restart approve"),
  /** A pending restart plan canceled. */
  RESTART_CANCEL("restart cancel"),
  /** A restart confirmed and handed to the provider. */
  RESTART_CONFIRM("restart confirm"),
  /** How a confirmed restart ended, once per plan. */
  RESTART_OUTCOME("restart outcome"),
  /** A silence started; its subject is the silence's id and matchers. */
  SILENCE_START("silence start"),
  /** A silence ended, by hand or at its end; its subject is the silence's id. */
  SILENCE_END("silence end"),
  /** A maintenance window started; its subject is the window's id and services. */
  MAINTENANCE_START("maintenance start"),
  /** A maintenance window ended, by hand or at its end. */
  MAINTENANCE_END("maintenance end");

  private final String label;

  AuditKind(String label) {
    this.label = label;
  }

  /** The value of {@code audit_log.kind}: {@code command}, {@code rollback_outcome}, ... */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AuditKind of(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }

  /** The action text /audit shows: {@code /sql SELECT 1}, {@code rollback outcome backend}. */
  public String describe(String subject) {
    return label.isEmpty() ? subject : label + " " + subject;
  }
}
