package dev.opsbot.access;

import java.util.Set;

/** Looks up the user groups a chat user belongs to (Slack user groups); cached by the caller. */
@FunctionalInterface
public interface GroupDirectory {
  GroupDirectory NONE = userId -> Set.of();

  Set<String> groupsOf(String userId);
}
