package dev.opsbot.chat.slack;

import com.slack.api.Slack;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersUpdateResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Slack user group's members set to who is on call: usergroups.users.list first, and
 * usergroups.users.update (the whole membership, comma-separated) only when they differ. Needs the
 * bot scopes usergroups:read and usergroups:write. The wiring hands it to on-call as its {@code
 * UserGroupSync} (adapters do not use features).
 */
public final class SlackUserGroupSync {
  /** What one attempt came to. */
  public sealed interface Outcome {
    /** The group holds exactly the users now; {@code changed} when this call changed it. */
    record InStep(boolean changed) implements Outcome {}

    /** Try again after {@code after} (null: Slack did not say); an answer lost included. */
    record TryLater(Duration after, String reason) implements Outcome {}

    /** Slack refused in a way retrying will not fix; {@code fix} says what would. */
    record Refused(String reason, String fix) implements Outcome {}
  }

  private final MethodsClient methods;

  SlackUserGroupSync(MethodsClient methods) {
    this.methods = methods;
  }

  /** Reached with the bot token of {@code settings}. */
  public static SlackUserGroupSync of(SlackSettings settings) {
    return new SlackUserGroupSync(
        Slack.getInstance(settings.sdkConfig()).methods(settings.botToken().reveal()));
  }

  /** Makes {@code users} (not empty) the whole membership of {@code group}. */
  public Outcome sync(String group, Set<String> users) {
    if (users.isEmpty()) {
      throw new IllegalArgumentException("a Slack user group keeps at least one member");
    }
    try {
      UsergroupsUsersListResponse members = methods.usergroupsUsersList(r -> r.usergroup(group));
      if (!members.isOk()) {
        return refusal(group, members);
      }
      if (members.getUsers() != null && Set.copyOf(members.getUsers()).equals(users)) {
        return new Outcome.InStep(false);
      }
      UsergroupsUsersUpdateResponse updated =
          methods.usergroupsUsersUpdate(
              r -> r.usergroup(group).users(List.copyOf(new TreeSet<>(users))));
      return updated.isOk() ? new Outcome.InStep(true) : refusal(group, updated);
    } catch (Exception e) {
      return outcome(group, CallOutcome.of(e));
    }
  }

  private static Outcome refusal(String group, SlackApiTextResponse response) {
    if ("no_such_subteam".equals(response.getError())) {
      return new Outcome.Refused(
          "no_such_subteam",
          "Slack has no user group "
              + group
              + ": slackUserGroup in the on-call file wants its id (S...), not its @handle");
    }
    if ("missing_scope".equals(response.getError())) {
      String needed = response.getNeeded() == null ? "usergroups:write" : response.getNeeded();
      return new Outcome.Refused(
          "missing_scope " + needed,
          "add the bot scopes usergroups:read and usergroups:write to the Slack app and reinstall"
              + " it");
    }
    return outcome(group, CallOutcome.of(response, null, null));
  }

  private static Outcome outcome(String group, CallOutcome outcome) {
    return switch (outcome) {
      case CallOutcome.Success success -> new Outcome.InStep(true);
      case CallOutcome.RateLimited limited ->
          new Outcome.TryLater(limited.retryAfter(), "rate limited: " + limited.reason());
      case CallOutcome.Transient passing -> new Outcome.TryLater(null, passing.reason());
      case CallOutcome.Permanent refused ->
          new Outcome.Refused(refused.reason(), "user group " + group + " was left as it is");
    };
  }
}
