package dev.opsbot.chat.slack;

import dev.opsbot.delivery.ChatSender;
import dev.opsbot.delivery.OutboxItem;
import dev.opsbot.delivery.SendResult;

/**
 * Sends outbox items to Slack, one attempt each: the outbox does the retrying, durably. A post goes
 * to the channel, a reply into the thread of its parent, an update replaces its parent.
 */
public final class SlackOutboxSender implements ChatSender {
  private final SlackDelivery delivery;
  private final BlockKitRenderer renderer = new BlockKitRenderer();

  /** {@code delivery} should make a single attempt (RetryPolicy with one attempt). */
  public SlackOutboxSender(SlackDelivery delivery) {
    this.delivery = delivery;
  }

  /** A sender for the configured workspace that makes one attempt per item. */
  public static SlackOutboxSender of(SlackSettings settings) {
    com.slack.api.methods.MethodsClient methods =
        com.slack.api.Slack.getInstance(settings.sdkConfig()).methods(settings.botToken().reveal());
    return new SlackOutboxSender(
        new SlackDelivery(
            methods,
            java.time.Clock.systemUTC(),
            Sleeper.SYSTEM,
            new RetryPolicy(1, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1))));
  }

  @Override
  public SendResult send(OutboxItem item) {
    SlackMessage message = renderer.render(item.message());
    // chat.update wants the channel's id, not the name an alert rule routes to: the parent's ref
    // carries the id Slack answered with ("C0CRIT/1700000000.000100").
    String channel = item.parentRef() == null ? item.channel() : channelOf(item);
    String parentTs = item.parentRef() == null ? null : tsOf(item.parentRef());
    DeliveryResult result =
        isUpload(item, message)
            ? delivery.upload(channel, parentTs, message.files().getFirst())
            : switch (item.kind()) {
              case POST -> delivery.post(channel, message, null);
              case REPLY -> delivery.post(channel, message, parentTs);
              case UPDATE -> delivery.update(channel, parentTs, message);
            };
    return switch (result) {
      case DeliveryResult.Delivered delivered ->
          new SendResult.Sent(
              delivered.channel() == null
                  ? delivered.ts()
                  : delivered.channel() + "/" + delivered.ts());
      case DeliveryResult.Uploaded uploaded -> new SendResult.Sent(uploaded.fileId());
      case DeliveryResult.Failed failed ->
          failed.retryable()
              ? new SendResult.RetryLater(null, failed.reason())
              : new SendResult.Failed(failed.reason());
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
