package dev.opsbot.chat.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;

/**
 * The user groups of {@link FakeSlackChannel}'s workspace: usergroups.list, usergroups.users.list
 * and usergroups.users.update, answered as Slack documents them (the ok:false errors missing_scope
 * with needed and provided, no_such_subteam, invalid_users; HTTP 429 with Retry-After). A test can
 * take scopes away, rate-limit the next calls, or lose the answer to an update Slack carried out.
 */
public final class FakeSlackUserGroups {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, Group> groups = new LinkedHashMap<>();
  private final Set<String> scopes =
      new LinkedHashSet<>(List.of("chat:write", "usergroups:read", "usergroups:write"));
  private int rateLimitedCalls;
  private int retryAfterSeconds = 1;
  private int updateAnswersToLose;
  public final AtomicInteger reads = new AtomicInteger();
  public final AtomicInteger updates = new AtomicInteger();
  public final AtomicInteger refused429 = new AtomicInteger();

  /** The users= value of each update Slack carried out, in order. */
  private final List<String> updatedWith = new ArrayList<>();

  private record Group(String id, String handle, List<String> users) {}

  /** A user group with these members, as an admin made it in Slack. */
  public synchronized void group(String id, String handle, String... users) {
    groups.put(id, new Group(id, handle, List.of(users)));
  }

  public synchronized List<String> members(String id) {
    return groups.get(id).users();
  }

  public synchronized List<String> updatedWith() {
    return List.copyOf(updatedWith);
  }

  /** The app loses a scope, as when it was installed without it. */
  public synchronized void withoutScope(String scope) {
    scopes.remove(scope);
  }

  public synchronized void withScope(String scope) {
    scopes.add(scope);
  }

  /** The next {@code calls} calls to usergroups methods are answered 429 with Retry-After. */
  public synchronized void rateLimit(int calls, int retryAfterSeconds) {
    this.rateLimitedCalls = calls;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The next {@code updates} updates are carried out, and their answers never arrive. */
  public synchronized void loseUpdateAnswers(int updates) {
    this.updateAnswersToLose = updates;
  }

  synchronized MockResponse dispatch(String method, Function<String, String> parameter) {
    if (rateLimitedCalls > 0) {
      rateLimitedCalls--;
      refused429.incrementAndGet();
      return new MockResponse.Builder()
          .code(429)
          .addHeader("Retry-After", Integer.toString(retryAfterSeconds))
          .addHeader("Content-Type", "application/json")
          .body("{\"ok\":false,\"error\":\"ratelimited\"}")
          .build();
    }
    return switch (method) {
      case "usergroups.list" -> list(parameter);
      case "usergroups.users.list" -> usersList(parameter);
      case "usergroups.users.update" -> usersUpdate(parameter);
      default -> ok(error("unknown_method"));
    };
  }

  private MockResponse list(Function<String, String> parameter) {
    if (!scopes.contains("usergroups:read")) {
      return ok(missingScope("usergroups:read"));
    }
    reads.incrementAndGet();
    boolean withUsers = truthy(parameter.apply("include_users"));
    ArrayNode list = JSON.createArrayNode();
    groups.values().forEach(g -> list.add(subteam(g, withUsers)));
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.set("usergroups", list);
    return ok(answer);
  }

  private MockResponse usersList(Function<String, String> parameter) {
    if (!scopes.contains("usergroups:read")) {
      return ok(missingScope("usergroups:read"));
    }
    reads.incrementAndGet();
    Group group = groups.get(parameter.apply("usergroup"));
    if (group == null) {
      return ok(error("no_such_subteam"));
    }
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    ArrayNode users = answer.putArray("users");
    group.users().forEach(users::add);
    return ok(answer);
  }

  private MockResponse usersUpdate(Function<String, String> parameter) {
    if (!scopes.contains("usergroups:write")) {
      return ok(missingScope("usergroups:write"));
    }
    Group group = groups.get(parameter.apply("usergroup"));
    if (group == null) {
      return ok(error("no_such_subteam"));
    }
    String users = parameter.apply("users");
    if (users == null) {
      return ok(error("no_users_provided"));
    }
    List<String> members = Arrays.stream(users.split(",")).map(String::strip).toList();
    if (members.stream().anyMatch(u -> !u.matches("[UW][A-Z0-9]+"))) {
      return ok(error("invalid_users"));
    }
    updates.incrementAndGet();
    updatedWith.add(users);
    Group changed = new Group(group.id(), group.handle(), members);
    groups.put(group.id(), changed);
    ObjectNode answer = JSON.createObjectNode().put("ok", true);
    answer.set("usergroup", subteam(changed, true));
    MockResponse.Builder response = okBuilder(answer);
    if (updateAnswersToLose > 0) {
      updateAnswersToLose--;
      return response.onResponseStart(new SocketEffect.CloseSocket()).build();
    }
    return response.build();
  }

  private static ObjectNode subteam(Group group, boolean withUsers) {
    ObjectNode subteam =
        JSON.createObjectNode()
            .put("id", group.id())
            .put("team_id", "T0CHAOS")
            .put("is_usergroup", true)
            .put("name", group.handle())
            .put("handle", group.handle())
            .put("user_count", group.users().size());
    if (withUsers) {
      ArrayNode users = subteam.putArray("users");
      group.users().forEach(users::add);
    }
    return subteam;
  }

  private ObjectNode missingScope(String needed) {
    return error("missing_scope").put("needed", needed).put("provided", String.join(",", scopes));
  }

  private static ObjectNode error(String error) {
    return JSON.createObjectNode().put("ok", false).put("error", error);
  }

  private static boolean truthy(String value) {
    return "true".equals(value) || "1".equals(value);
  }

  private static MockResponse ok(ObjectNode body) {
    return okBuilder(body).build();
  }

  private static MockResponse.Builder okBuilder(ObjectNode body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body.toString());
  }
}
