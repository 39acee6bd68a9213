package dev.opsbot.chat.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.request.conversations.ConversationsHistoryRequest;
import com.slack.api.methods.request.conversations.ConversationsRepliesRequest;
import com.slack.api.methods.response.conversations.ConversationsHistoryResponse;
import com.slack.api.methods.response.conversations.ConversationsRepliesResponse;
import com.slack.api.model.Message;
import com.slack.api.model.ResponseMetadata;
import dev.opsbot.delivery.OutboxItem;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Finds the copies Slack already holds of an outbox item whose last attempt ended without an
 * answer. Every post the outbox makes carries message metadata {@code {event_type: "opsbot_outbox",
 * event_payload: {key: <outbox key>}}}; a post is looked for in the channel's history, a reply in
 * its parent's thread, from a little before the item was enqueued and for a bounded number of
 * pages.
 */
final class SlackCopies {
  static final String EVENT_TYPE = "opsbot_outbox";

  /** Room for clocks that disagree: the database's, this host's and Slack's. */
  private static final Duration MARGIN = Duration.ofMinutes(2);

  private static final int PAGE_SIZE = 200;
  private static final int PAGES = 5;

  /** What looking came to. */
  sealed interface Search {
    /** The copies found, earliest first; {@code channel} is the channel's id. */
    record Found(String channel, List<String> ts) implements Search {}

    /** Slack answered every page asked for, and no copy is there. */
    record NotThere() implements Search {}

    /** Slack refused to show the history (a scope missing, ...): looking cannot help. */
    record CannotLook(String reason, String slackError) implements Search {}

    /** No definite answer now (5xx, timeout, 429): look again later, post nothing meanwhile. */
    record NotNow(String reason, Duration retryAfter) implements Search {}
  }

  private final MethodsClient methods;

  SlackCopies(MethodsClient methods) {
    this.methods = methods;
  }

  /** The metadata that marks a message as the outbox item {@code key}. */
  static Message.Metadata metadata(String key) {
    return Message.Metadata.builder()
        .eventType(EVENT_TYPE)
        .eventPayload(Map.of("key", key))
        .build();
  }

  /** Copies of a post in channel {@code channelId}. */
  Search ofPost(OutboxItem item, String channelId) {
    return search(
        item,
        channelId,
        cursor -> {
          ConversationsHistoryResponse page =
              methods.conversationsHistory(
                  ConversationsHistoryRequest.builder()
                      .channel(channelId)
                      .oldest(oldest(item))
                      .includeAllMetadata(true)
                      .limit(PAGE_SIZE)
                      .cursor(cursor)
                      .build());
          return new Page(
              CallOutcome.of(page, null, null),
              page.getError(),
              page.getMessages(),
              next(page.getResponseMetadata(), page.isHasMore()));
        });
  }

  /** Copies of a reply in the thread of {@code parentTs} in channel {@code channelId}. */
  Search ofReply(OutboxItem item, String channelId, String parentTs) {
    return search(
        item,
        channelId,
        cursor -> {
          ConversationsRepliesResponse page =
              methods.conversationsReplies(
                  ConversationsRepliesRequest.builder()
                      .channel(channelId)
                      .ts(parentTs)
                      .oldest(oldest(item))
                      .includeAllMetadata(true)
                      .limit(PAGE_SIZE)
                      .cursor(cursor)
                      .build());
          return new Page(
              CallOutcome.of(page, null, null),
              page.getError(),
              page.getMessages(),
              next(page.getResponseMetadata(), page.isHasMore()));
        });
  }

  private record Page(CallOutcome outcome, String error, List<Message> messages, String next) {}

  @FunctionalInterface
  private interface PageCall {
    Page fetch(String cursor) throws Exception;
  }

  private static Search search(OutboxItem item, String channelId, PageCall call) {
    List<String> found = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < PAGES; page++) {
      Page answer;
      try {
        answer = call.fetch(cursor);
      } catch (Exception e) {
        return notNow(CallOutcome.of(e));
      }
      switch (answer.outcome()) {
        case CallOutcome.Success ok -> {}
        case CallOutcome.Permanent refused -> {
          return new Search.CannotLook(refused.reason(), answer.error());
        }
        default -> {
          return notNow(answer.outcome());
        }
      }
      if (answer.messages() != null) {
        for (Message message : answer.messages()) {
          if (isCopyOf(message, item.key())) {
            found.add(message.getTs());
          }
        }
      }
      cursor = answer.next();
      if (cursor == null) {
        break;
      }
    }
    if (found.isEmpty()) {
      return new Search.NotThere();
    }
    found.sort(Comparator.comparing(BigDecimal::new));
    return new Search.Found(channelId, List.copyOf(found));
  }

  static boolean isCopyOf(Message message, String key) {
    Message.Metadata metadata = message.getMetadata();
    return metadata != null
        && EVENT_TYPE.equals(metadata.getEventType())
        && metadata.getEventPayload() != null
        && key.equals(String.valueOf(metadata.getEventPayload().get("key")))
        && message.getTs() != null;
  }

  private static Search.NotNow notNow(CallOutcome outcome) {
    return switch (outcome) {
      case CallOutcome.RateLimited limited ->
          new Search.NotNow(limited.reason(), limited.retryAfter());
      case CallOutcome.Transient passing -> new Search.NotNow(passing.reason(), null);
      case CallOutcome.Permanent refused -> new Search.NotNow(refused.reason(), null);
      case CallOutcome.Success ok -> new Search.NotNow("no answer", null);
    };
  }

  private static String next(ResponseMetadata metadata, boolean hasMore) {
    if (!hasMore || metadata == null) {
      return null;
    }
    String cursor = metadata.getNextCursor();
    return cursor == null || cursor.isEmpty() ? null : cursor;
  }

  /** A Slack ts ("1700000000.000100") a margin before the item was enqueued. */
  private static String oldest(OutboxItem item) {
    Instant from = item.createdAt() == null ? Instant.EPOCH : item.createdAt().minus(MARGIN);
    return from.getEpochSecond() + "." + String.format("%06d", from.getNano() / 1000);
  }
}
