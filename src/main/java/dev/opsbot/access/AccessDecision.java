package dev.opsbot.access;

/** Whether a caller may run something, and if not, what to tell them. */
public record AccessDecision(boolean allowed, String refusal) {
  public static final AccessDecision ALLOWED = new AccessDecision(true, null);

  public static AccessDecision refused(String refusal) {
    return new AccessDecision(false, refusal);
  }
}
