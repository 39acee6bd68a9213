package dev.opsbot.chat.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.response.users.UsersInfoResponse;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Display names from users.info, cached for an hour; the id stands in when Slack won't say. */
final class SlackUserNames {
  private static final Logger log = LoggerFactory.getLogger(SlackUserNames.class);

  private final MethodsClient methods;
  private final Cache<String, String> names =
      Caffeine.newBuilder().maximumSize(10_000).expireAfterWrite(Duration.ofHours(1)).build();

  SlackUserNames(MethodsClient methods) {
    this.methods = methods;
  }

  String nameOf(String userId, String fallback) {
    String cached = names.getIfPresent(userId);
    if (cached != null) {
      return cached;
    }
    try {
      UsersInfoResponse response = methods.usersInfo(r -> r.user(userId));
      if (response.isOk() && response.getUser() != null) {
        var profile = response.getUser().getProfile();
        String name =
            profile != null
                    && profile.getDisplayName() != null
                    && !profile.getDisplayName().isBlank()
                ? profile.getDisplayName()
                : response.getUser().getRealName() != null
                    ? response.getUser().getRealName()
                    : response.getUser().getName();
        if (name != null) {
          names.put(userId, name);
          return name;
        }
      } else {
        log.warn("event=slack_users_info_failed user={} error={}", userId, response.getError());
      }
    } catch (Exception e) {
      log.warn("event=slack_users_info_failed user={} error=\"{}\"", userId, e.getMessage());
    }
    return fallback != null ? fallback : userId;
  }
}
