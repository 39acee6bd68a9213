package dev.opsbot.access;

import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.RoleGrant;
import java.util.Map;
import java.util.Set;

/** Decides who holds which role, from the {@code access.roles} grants of the configuration. */
public final class AccessPolicy {
  private final Map<String, RoleGrant> grants;
  private final GroupDirectory groups;
  private final String configFile;
  private final Role everyone;

  public AccessPolicy(AccessConfig config, GroupDirectory groups, String configFile) {
    this(config, groups, configFile, Role.VIEWER);
  }

  private AccessPolicy(
      AccessConfig config, GroupDirectory groups, String configFile, Role everyone) {
    this.grants = config.roles();
    this.groups = groups;
    this.configFile = configFile;
    this.everyone = everyone;
  }

  /** Everyone may do everything: for tests of single commands, never for a running bot. */
  public static AccessPolicy allowAll() {
    return new AccessPolicy(AccessConfig.NONE, GroupDirectory.NONE, "(none)", Role.ADMIN);
  }

  public AccessDecision check(Caller caller, Role required) {
    if (roleOf(caller).includes(required)) {
      return AccessDecision.ALLOWED;
    }
    if ("discord".equals(caller.platform())) {
      // Discord grants go by role id: the user id would tell nobody what to change.
      return AccessDecision.refused(
          "This needs the "
              + required.id()
              + " role, and none of your Discord roles ("
              + (caller.memberOf().isEmpty()
                  ? "you have none"
                  : "ids " + String.join(", ", new java.util.TreeSet<>(caller.memberOf())))
              + ") holds it here. Roles are granted in "
              + configFile
              + " under access.roles."
              + required.id()
              + ".discordRoles (optionally per channel): ask an opsbot admin.");
    }
    return AccessDecision.refused(
        "This needs the "
            + required.id()
            + " role, and you ("
            + caller.userId()
            + ") do not have it here. Roles are granted in "
            + configFile
            + " under access.roles."
            + required.id()
            + " (Slack users, Slack user groups, Discord roles, optionally per channel): ask an"
            + " opsbot admin.");
  }

  /** The highest role the caller holds in this channel; everyone is at least a viewer. */
  public Role roleOf(Caller caller) {
    for (Role role : new Role[] {Role.ADMIN, Role.ONCALL}) {
      RoleGrant grant = grants.get(role.id());
      if (grant != null && holds(caller, grant)) {
        return role;
      }
    }
    return everyone;
  }

  private boolean holds(Caller caller, RoleGrant grant) {
    if (!grant.channels().isEmpty() && !grant.channels().contains(caller.channelId())) {
      return false;
    }
    // Grants name ids of one platform: a Discord user whose id happened to equal a granted Slack
    // user id must not inherit that role. The console stands in for a Slack user.
    boolean discord = "discord".equals(caller.platform());
    if (!discord && grant.slackUsers().contains(caller.userId())) {
      return true;
    }
    if (discord && grant.discordRoles().stream().anyMatch(caller.memberOf()::contains)) {
      return true;
    }
    if (!grant.slackUserGroups().isEmpty() && "slack".equals(caller.platform())) {
      Set<String> memberOf = groups.groupsOf(caller.userId());
      return grant.slackUserGroups().stream().anyMatch(memberOf::contains);
    }
    return false;
  }
}
