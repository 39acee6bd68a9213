package dev.opsbot.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.util.http.SlackHttpClient;
import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends outbox items to Slack, one attempt each: the outbox does the retrying, durably. A post goes
 * to the channel, a reply into the thread of its parent, an update replaces its parent.
 *
 * <p>A post or reply whose last attempt ended without an answer (the outbox says it is in doubt) is
 * looked for before it is posted again ({@link SlackCopies}): when Slack has it, the earliest copy
 * becomes the message and any later copy is edited to a short note without buttons. Updates are
 * idempotent and file uploads are not looked for.
 */
public final class SlackOutboxSender implements ChatSender {
  private static final Logger log = LoggerFactory.getLogger(SlackOutboxSender.class);
  static final String DUPLICATE_NOTE = "(duplicate of an earlier message: see above)";

  private final SlackDelivery delivery;
  private final SlackCopies copies;
  private final SlackChannelIds channelIds;
  private final BlockKitRenderer renderer = new BlockKitRenderer();
  private final AtomicBoolean toldCannotLook = new AtomicBoolean();

  /**
   * {@code delivery} should make a single attempt (RetryPolicy with one attempt); its client also
   * reads the history when an item is in doubt.
   */
  public SlackOutboxSender(SlackDelivery delivery) {
    this.delivery = delivery;
    this.copies = new SlackCopies(delivery.methods());
    this.channelIds = new SlackChannelIds(delivery.methods());
  }

  /** A sender for the configured workspace that makes one attempt per item. */
  public static SlackOutboxSender of(SlackSettings settings) {
    MethodsClient methods = methods(settings.sdkConfig(), settings.botToken().reveal());
    return new SlackOutboxSender(
        new SlackDelivery(
            methods,
            java.time.Clock.systemUTC(),
            Sleeper.SYSTEM,
            new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1))));
  }

  /**
   * A client that never resends a request on its own. OkHttp by default repeats a request whose
   * pooled connection broke, a POST included: Slack may then hold the message twice, and neither
   * the outbox nor the in-doubt lookup would know of the first copy.
   */
  static MethodsClient methods(SlackConfig config, String token) {
    SlackHttpClient http =
        new SlackHttpClient(
            SlackHttpClient.buildOkHttpClient(config)
                .newBuilder()
                .retryOnConnectionFailure(false)
                .build());
    http.setConfig(config);
    return Slack.getInstance(config, http).methods(token);
  }

  @Override
  public SendResult send(OutboxItem item) {
    SlackMessage message = renderer.render(item.message());
    // chat.update wants the channel's id, not the name an alert rule routes to: the parent's ref
    // carries the id Slack answered with ("C0CRIT/1700000000.000100").
    String channel = item.parentRef() == null ? item.channel() : channelOf(item);
    String parentTs = item.parentRef() == null ? null : tsOf(item.parentRef());
    boolean upload = isUpload(item, message);
    if (item.inDoubt() && !upload && item.kind() != OutboxItem.Kind.UPDATE) {
      SendResult found = lookForCopies(item, channel, parentTs);
      if (found != null) {
        return found;
      }
    }
    DeliveryResult result =
        upload
            ? delivery.upload(channel, parentTs, message.files().getFirst())
            : switch (item.kind()) {
              case POST -> delivery.post(channel, message, null, item.key());
              case REPLY -> delivery.post(channel, message, parentTs, item.key());
              case UPDATE -> delivery.update(channel, parentTs, message);
            };
    return switch (result) {
      case DeliveryResult.Delivered delivered -> {
        if (item.kind() == OutboxItem.Kind.POST) {
          channelIds.learn(item.channel(), delivered.channel());
        }
        yield new SendResult.Sent(
            delivered.channel() == null
                ? delivered.ts()
                : delivered.channel() + "/" + delivered.ts());
      }
      case DeliveryResult.Uploaded uploaded -> new SendResult.Sent(uploaded.fileId());
      case DeliveryResult.Failed failed ->
          failed.retryable()
              ? new SendResult.RetryLater(null, failed.reason(), failed.mayHaveArrived())
              : new SendResult.Failed(failed.reason());
    };
  }

  /**
   * The result when Slack already has the item, or when looking must wait; null when the item is
   * not there (or cannot be looked for) and is to be posted.
   */
  private SendResult lookForCopies(OutboxItem item, String channel, String parentTs) {
    String channelId;
    switch (channelIds.idOf(channel)) {
      case SlackChannelIds.Lookup.Found found -> channelId = found.id();
      case SlackChannelIds.Lookup.NotNow notNow -> {
        return SendResult.RetryLater.inDoubt(
            null, "cannot look for an earlier copy yet: " + reasonOf(notNow.outcome()));
      }
      case SlackChannelIds.Lookup.Unknown unknown -> {
        cannotLook(item, unknown.reason(), unknown.slackError());
        return null;
      }
    }
    SlackCopies.Search search =
        item.kind() == OutboxItem.Kind.REPLY
            ? copies.ofReply(item, channelId, parentTs)
            : copies.ofPost(item, channelId);
    return switch (search) {
      case SlackCopies.Search.Found found -> keepEarliest(item, found);
      case SlackCopies.Search.NotThere none -> null;
      case SlackCopies.Search.NotNow notNow ->
          SendResult.RetryLater.inDoubt(
              notNow.retryAfter(), "cannot look for an earlier copy yet: " + notNow.reason());
      case SlackCopies.Search.CannotLook refused -> {
        cannotLook(item, refused.reason(), refused.slackError());
        yield null;
      }
    };
  }

  /** The earliest copy is the message; later ones lose their buttons and say what they are. */
  private SendResult keepEarliest(OutboxItem item, SlackCopies.Search.Found found) {
    List<String> ts = found.ts();
    SlackMessage note = new SlackMessage(DUPLICATE_NOTE, List.of(), null, List.of(), false);
    for (String duplicate : ts.subList(1, ts.size())) {
      DeliveryResult edited = delivery.update(found.channel(), duplicate, note);
      if (edited instanceof DeliveryResult.Failed failed && failed.retryable()) {
        // Never leave a copy with live buttons: look again, and edit again, on the next attempt.
        return SendResult.RetryLater.inDoubt(
            null, "found " + ts.size() + " copies; tidying one failed: " + failed.reason());
      }
    }
    log.info(
        "event=slack_copy_found key={} channel={} ts={} duplicates_tidied={}",
        item.key(),
        found.channel(),
        ts.getFirst(),
        ts.size() - 1);
    return new SendResult.Sent(found.channel() + "/" + ts.getFirst());
  }

  /**
   * Slack will not show the channel's history (most often a missing scope: channels:history,
   * groups:history, or channels:read and groups:read for a channel named rather than given by id).
   * The item is posted again without looking, which may post it twice: said once, loudly.
   */
  private void cannotLook(OutboxItem item, String reason, String slackError) {
    if (toldCannotLook.compareAndSet(false, true) || !"missing_scope".equals(slackError)) {
      log.warn(
          "event=slack_cannot_look_for_copy key={} channel={} reason=\"{}\" note=\"posting again"
              + " without looking; a message whose answer was lost may appear twice. Add the"
              + " scopes channels:history, groups:history, channels:read and groups:read (README,"
              + " Security)\"",
          item.key(),
          item.channel(),
          reason.replace('"', '\''));
    }
  }

  private static String reasonOf(CallOutcome outcome) {
    return switch (outcome) {
      case CallOutcome.RateLimited limited -> limited.reason();
      case CallOutcome.Transient passing -> passing.reason();
      case CallOutcome.Permanent refused -> refused.reason();
      case CallOutcome.Success ok -> "no answer";
    };
  }

  /**
   * A message that is only a file (a digest's chart) is uploaded with Slack's external upload flow,
   * into the thread of its parent when it has one.
   */
  private static boolean isUpload(OutboxItem item, SlackMessage message) {
    return item.kind() != OutboxItem.Kind.UPDATE
        && message.blocks().isEmpty()
        && message.files().size() == 1;
  }

  private static String channelOf(OutboxItem item) {
    int slash = item.parentRef().indexOf('/');
    return slash > 0 ? item.parentRef().substring(0, slash) : item.channel();
  }

  private static String tsOf(String ref) {
    return ref.substring(ref.indexOf('/') + 1);
  }
}
