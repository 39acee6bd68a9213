package dev.opsbot.alert;

/**
 * An alert raised or resolved elsewhere, for an {@link ExternalRule}: firing opens it (or updates
 * the open one's value, never a second), resolved resolves the open one.
 *
 * @param summary what the alert says (its parent message's text)
 * @param value a short figure such as "3 firing", updated in the thread when it changes
 */
public record ExternalAlert(
    String ruleId, String service, boolean firing, String summary, String value) {}
