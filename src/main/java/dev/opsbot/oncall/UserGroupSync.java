package dev.opsbot.oncall;

import java.time.Duration;
import java.util.Set;

/**
 * A chat platform's user groups (Slack's {@code @oncall}), kept equal to who is on call. The Slack
 * adapter answers it; on-call decides when to ask.
 */
public interface UserGroupSync {
  /**
   * Makes {@code users} (chat user ids, not empty) the whole membership of {@code group}, reading
   * it first so that a group already in step is left alone.
   */
  Outcome sync(String group, Set<String> users);

  /** What one attempt came to. */
  sealed interface Outcome {
    /** The group holds exactly the users now; {@code changed} when this call changed it. */
    record InStep(boolean changed) implements Outcome {}

    /**
     * Try again after {@code after}: a rate limit (its Retry-After) or a passing problem, an answer
     * lost included (setting the whole membership again is harmless).
     */
    record TryLater(Duration after, String reason) implements Outcome {}

    /** The platform refused in a way retrying will not fix; {@code fix} says what would. */
    record Refused(String reason, String fix) implements Outcome {}
  }
}
