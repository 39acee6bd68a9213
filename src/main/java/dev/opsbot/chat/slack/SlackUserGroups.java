package dev.opsbot.chat.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.usergroups.users.UsergroupsUsersListResponse;
import dev.opsbot.access.GroupDirectory;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Members of the Slack user groups that roles are granted to, from usergroups.users.list, cached
 * for ten minutes. A group that cannot be read grants nothing (and says so in the log).
 */
public final class SlackUserGroups implements GroupDirectory {
  private static final Logger log = LoggerFactory.getLogger(SlackUserGroups.class);

  private final MethodsClient methods;
  private final List<String> groupIds;
  private final Cache<String, Set<String>> members =
      Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10)).build();

  SlackUserGroups(MethodsClient methods, Collection<String> groupIds) {
    this.methods = methods;
    this.groupIds = List.copyOf(groupIds);
  }

  /** A directory of the given groups, reached with the bot token of {@code settings}. */
  public static GroupDirectory of(SlackSettings settings, Collection<String> groupIds) {
    if (groupIds.isEmpty()) {
      return GroupDirectory.NONE;
    }
    SlackConfig config = settings.sdkConfig();
    return new SlackUserGroups(
        Slack.getInstance(config).methods(settings.botToken().reveal()), groupIds);
  }

  @Override
  public Set<String> groupsOf(String userId) {
    Set<String> groups = new LinkedHashSet<>();
    for (String group : groupIds) {
      if (membersOf(group).contains(userId)) {
        groups.add(group);
      }
    }
    return groups;
  }

  private Set<String> membersOf(String group) {
    Set<String> cached = members.getIfPresent(group);
    if (cached != null) {
      return cached;
    }
    try {
      UsergroupsUsersListResponse response = methods.usergroupsUsersList(r -> r.usergroup(group));
      if (response.isOk() && response.getUsers() != null) {
        Set<String> users = Set.copyOf(response.getUsers());
        members.put(group, users);
        return users;
      }
      log.warn(
          "event=slack_usergroup_unreadable group={} error={} note=\"the role it grants is not"
              + " granted until it can be read (scope usergroups:read)\"",
          group,
          response.getError());
    } catch (Exception e) {
      log.warn("event=slack_usergroup_unreadable group={} error=\"{}\"", group, e.toString());
    }
    return Set.of();
  }
}
