package dev.opsbot.chat.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.request.conversations.ConversationsListRequest;
import com.slack.api.methods.response.conversations.ConversationsListResponse;
import com.slack.api.model.Conversation;
import com.slack.api.model.ConversationType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The id of a channel an outbox item names ({@code #ops-alerts} or {@code C0OPS}): reading a
 * channel's history takes its id, while posting takes a name too. Ids come from the answers to
 * earlier posts, else from {@code conversations.list} (scopes {@code channels:read}, {@code
 * groups:read}), a bounded number of pages.
 */
final class SlackChannelIds {
  private static final Pattern ID = Pattern.compile("[CGD][A-Z0-9]{2,}");
  private static final int PAGES = 10;

  /** What looking a channel up came to. */
  sealed interface Lookup {
    record Found(String id) implements Lookup {}

    /** Slack answered, and no id can be had (the channel is not listed, a scope is missing). */
    record Unknown(String reason, String slackError) implements Lookup {}

    /** No definite answer now (5xx, timeout, 429): ask again later. */
    record NotNow(CallOutcome outcome) implements Lookup {}
  }

  private final MethodsClient methods;
  private final Map<String, String> known = new ConcurrentHashMap<>();

  SlackChannelIds(MethodsClient methods) {
    this.methods = methods;
  }

  /** Remembers the id Slack answered a post to {@code channel} with. */
  void learn(String channel, String id) {
    if (channel != null && id != null && !ID.matcher(channel).matches()) {
      known.put(name(channel), id);
    }
  }

  Lookup idOf(String channel) {
    if (ID.matcher(channel).matches()) {
      return new Lookup.Found(channel);
    }
    String name = name(channel);
    String id = known.get(name);
    if (id != null) {
      return new Lookup.Found(id);
    }
    String cursor = null;
    for (int page = 0; page < PAGES; page++) {
      ConversationsListResponse response;
      try {
        response =
            methods.conversationsList(
                ConversationsListRequest.builder()
                    .types(
                        List.of(ConversationType.PUBLIC_CHANNEL, ConversationType.PRIVATE_CHANNEL))
                    .excludeArchived(true)
                    .limit(200)
                    .cursor(cursor)
                    .build());
      } catch (Exception e) {
        return new Lookup.NotNow(CallOutcome.of(e));
      }
      CallOutcome outcome = CallOutcome.of(response, null, null);
      if (!(outcome instanceof CallOutcome.Success)) {
        return outcome instanceof CallOutcome.Permanent refused
            ? new Lookup.Unknown(refused.reason(), response.getError())
            : new Lookup.NotNow(outcome);
      }
      for (Conversation conversation : response.getChannels()) {
        if (name.equals(conversation.getName())) {
          known.put(name, conversation.getId());
          return new Lookup.Found(conversation.getId());
        }
      }
      cursor =
          response.getResponseMetadata() == null
              ? null
              : response.getResponseMetadata().getNextCursor();
      if (cursor == null || cursor.isEmpty()) {
        break;
      }
    }
    return new Lookup.Unknown("no channel named " + channel + " in conversations.list", null);
  }

  private static String name(String channel) {
    String name = channel.startsWith("#") ? channel.substring(1) : channel;
    return name.toLowerCase(Locale.ROOT);
  }
}
