package dev.opsbot.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.opsbot.config.AccessConfig;
import dev.opsbot.config.RoleGrant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {
  private static Caller slack(String user, String channel) {
    return new Caller("slack", user, user, channel);
  }

  private static AccessPolicy policy(Map<String, RoleGrant> roles, GroupDirectory groups) {
    return new AccessPolicy(new AccessConfig(roles), groups, "config/opsbot.yaml");
  }

  @Test
  void everyoneIsAViewerAndNoMore() {
    AccessPolicy policy = policy(Map.of(), GroupDirectory.NONE);

    assertThat(policy.check(slack("U1", "C1"), Role.VIEWER).allowed()).isTrue();
    assertThat(policy.check(slack("U1", "C1"), Role.ONCALL).allowed()).isFalse();
  }

  @Test
  void adminIncludesOncall() {
    AccessPolicy policy =
        policy(
            Map.of("admin", new RoleGrant(List.of("U0ADMIN"), null, null, null)),
            GroupDirectory.NONE);

    assertThat(policy.roleOf(slack("U0ADMIN", "C1"))).isEqualTo(Role.ADMIN);
    assertThat(policy.check(slack("U0ADMIN", "C1"), Role.ONCALL).allowed()).isTrue();
  }

  @Test
  void slackUserGroupMembersHoldTheRole() {
    AtomicInteger lookups = new AtomicInteger();
    GroupDirectory directory =
        user -> {
          lookups.incrementAndGet();
          return user.equals("U7") ? Set.of("S0ONCALL") : Set.of();
        };
    AccessPolicy policy =
        policy(Map.of("oncall", new RoleGrant(null, List.of("S0ONCALL"), null, null)), directory);

    assertThat(policy.roleOf(slack("U7", "C1"))).isEqualTo(Role.ONCALL);
    assertThat(policy.roleOf(slack("U8", "C1"))).isEqualTo(Role.VIEWER);
    assertThat(lookups).hasValue(2);
  }

  @Test
  void discordRolesComeWithTheCaller() {
    AccessPolicy policy =
        policy(
            Map.of("oncall", new RoleGrant(null, null, List.of("991"), null)), GroupDirectory.NONE);

    Caller member = new Caller("discord", "42", "ana", "C9", Set.of("991", "5"));
    Caller other = new Caller("discord", "43", "bo", "C9", Set.of("5"));

    assertThat(policy.roleOf(member)).isEqualTo(Role.ONCALL);
    assertThat(policy.roleOf(other)).isEqualTo(Role.VIEWER);
  }

  @Test
  void aGrantLimitedToChannelsHoldsOnlyThere() {
    AccessPolicy policy =
        policy(
            Map.of("oncall", new RoleGrant(List.of("U7"), null, null, List.of("C0OPS"))),
            GroupDirectory.NONE);

    assertThat(policy.check(slack("U7", "C0OPS"), Role.ONCALL).allowed()).isTrue();
    AccessDecision elsewhere = policy.check(slack("U7", "C0RANDOM"), Role.ONCALL);
    assertThat(elsewhere.allowed()).isFalse();
    assertThat(elsewhere.refusal())
        .isEqualTo(
            "This needs the oncall role, and you (U7) do not have it here. Roles are granted in"
                + " config/opsbot.yaml under access.roles.oncall (Slack users, Slack user groups,"
                + " Discord roles, optionally per channel): ask an opsbot admin.");
  }

  @Test
  void aSlackUserIdGrantsNothingOnAnotherPlatformsGroups() {
    AccessPolicy policy =
        policy(
            Map.of("oncall", new RoleGrant(null, List.of("S0ONCALL"), null, null)),
            user -> Set.of("S0ONCALL"));

    assertThat(policy.roleOf(new Caller("discord", "U7", "x", "C1"))).isEqualTo(Role.VIEWER);
  }

  @Test
  void grantsHoldOnlyOnTheirOwnPlatform() {
    AccessPolicy policy =
        policy(
            Map.of("oncall", new RoleGrant(List.of("123456"), null, List.of("R0ONCALL"), null)),
            GroupDirectory.NONE);

    assertThat(policy.roleOf(slack("123456", "C1"))).isEqualTo(Role.ONCALL);
    assertThat(policy.roleOf(new Caller("discord", "123456", "d", "C1", Set.of())))
        .as("a Discord user whose id equals a granted Slack user id")
        .isEqualTo(Role.VIEWER);
    assertThat(policy.roleOf(new Caller("discord", "99", "d", "C1", Set.of("R0ONCALL"))))
        .isEqualTo(Role.ONCALL);
    assertThat(policy.roleOf(new Caller("slack", "99", "s", "C1", Set.of("R0ONCALL"))))
        .as("a Slack caller cannot claim Discord roles")
        .isEqualTo(Role.VIEWER);
  }
}
