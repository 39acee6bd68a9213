package dev.opsbot.chat.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.request.chat.ChatPostMessageRequest;
import com.slack.api.methods.request.chat.ChatUpdateRequest;
import com.slack.api.methods.request.files.FilesUploadV2Request;
import com.slack.api.methods.response.chat.ChatPostMessageResponse;
import com.slack.api.methods.response.chat.ChatUpdateResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import dev.opsbot.chat.Block;
import dev.opsbot.config.Secret;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way opsbot writes to Slack: {@code chat.postMessage}, {@code chat.update} and file
 * uploads. It paces each channel to about one message per second and chat.update across the
 * workspace to about 50 a minute (Slack's Tier 3), waits as long as a 429's Retry-After says,
 * retries 5xx answers and timeouts with capped backoff, and does not retry what retrying cannot
 * fix. Every give-up is logged with the channel and the reason, and returned as {@link
 * DeliveryResult.Failed}; nothing is thrown for Slack's or the network's failures.
 *
 * <p>Calls block the calling thread while they wait (virtual threads suit it). On its own, delivery
 * is at least once: a call that timed out after Slack took it is sent again. The outbox's sender
 * ({@link SlackOutboxSender}) makes one attempt per item and looks for a copy before a resend.
 */
public final class SlackDelivery {
  private static final Logger log = LoggerFactory.getLogger(SlackDelivery.class);
  static final Duration CHANNEL_INTERVAL = Duration.ofSeconds(1);

  /**
   * chat.update is a Tier 3 method: about 50 calls a minute for the whole workspace, whichever
   * channels they edit. (chat.postMessage is limited per channel, about one a second.)
   */
  static final Duration UPDATE_INTERVAL = Duration.ofMillis(1200);

  private static final String UPDATE = "chat.update";

  private final MethodsClient methods;
  private final Clock clock;
  private final Sleeper sleeper;
  private final RetryPolicy policy;
  private final ChannelPacer pacer;
  // One delivery serves one bot token, which is one workspace: keyed by method.
  private final ChannelPacer workspacePacer;

  public SlackDelivery(MethodsClient methods, Clock clock, Sleeper sleeper, RetryPolicy policy) {
    this.methods = methods;
    this.clock = clock;
    this.sleeper = sleeper;
    this.policy = policy;
    this.pacer = new ChannelPacer(clock, CHANNEL_INTERVAL);
    this.workspacePacer = new ChannelPacer(clock, UPDATE_INTERVAL);
  }

  /**
   * Delivery with the bot token bound into the client, so no request or log line here carries it.
   * Timeouts are the config's (OkHttp's 10 s connect, read and write unless it sets others).
   */
  public static SlackDelivery create(SlackConfig config, Secret botToken) {
    MethodsClient methods = Slack.getInstance(config).methods(botToken.reveal());
    return new SlackDelivery(methods, Clock.systemUTC(), Sleeper.SYSTEM, RetryPolicy.DEFAULT);
  }

  /** The client this delivery calls Slack with (its token bound in). */
  MethodsClient methods() {
    return methods;
  }

  /** Posts a message into a channel, or into a thread when {@code threadTs} is not null. */
  public DeliveryResult post(String channel, SlackMessage message, String threadTs) {
    return post(channel, message, threadTs, null);
  }

  /**
   * Posts as {@link #post(String, SlackMessage, String)}, tagging the message with its outbox key
   * in Slack's message metadata when {@code outboxKey} is not null, so that it can be found again
   * when the answer to this call is lost ({@link SlackCopies}).
   */
  public DeliveryResult post(
      String channel, SlackMessage message, String threadTs, String outboxKey) {
    if (message.ephemeral()) {
      // An ephemeral reply may hold what only its asker should see: never post it to everyone.
      return giveUp(
          "chat.postMessage",
          channel,
          0,
          "an ephemeral message is not posted to the channel: reply through response_url",
          false);
    }
    ChatPostMessageRequest request =
        ChatPostMessageRequest.builder()
            .channel(channel)
            .threadTs(threadTs)
            .text(message.text())
            .blocks(message.blocks())
            .metadata(outboxKey == null ? null : SlackCopies.metadata(outboxKey))
            .build();
    return deliver(
        "chat.postMessage",
        channel,
        () -> {
          ChatPostMessageResponse response = methods.chatPostMessage(request);
          return CallOutcome.of(response, response.getTs(), response.getChannel());
        },
        DeliveryResult.Delivered::new);
  }

  /** Replaces the text and blocks of a message the bot posted earlier. */
  public DeliveryResult update(String channel, String ts, SlackMessage message) {
    ChatUpdateRequest.ChatUpdateRequestBuilder builder =
        ChatUpdateRequest.builder().channel(channel).ts(ts).text(message.text());
    // Slack keeps a message's blocks (its buttons) unless the update names an empty list.
    ChatUpdateRequest request =
        message.blocks().isEmpty()
            ? builder.blocksAsString("[]").build()
            : builder.blocks(message.blocks()).build();
    return deliver(
        UPDATE,
        channel,
        () -> {
          ChatUpdateResponse response = methods.chatUpdate(request);
          return CallOutcome.of(response, response.getTs(), response.getChannel());
        },
        DeliveryResult.Delivered::new);
  }

  /**
   * Uploads a file and shares it into the channel (or thread): files.getUploadURLExternal, the
   * bytes to the URL it returns, then files.completeUploadExternal. A retry repeats all three.
   */
  public DeliveryResult upload(String channel, String threadTs, Block.File file) {
    FilesUploadV2Request request =
        FilesUploadV2Request.builder()
            .channel(channel)
            .threadTs(threadTs)
            .filename(file.name())
            .title(file.name())
            .fileData(file.data())
            .initialComment(file.summary() == null ? null : SlackText.escape(file.summary()))
            .build();
    return deliver(
        "files.uploadV2",
        channel,
        () -> {
          FilesUploadV2Response response = methods.filesUploadV2(request);
          String fileId = response.getFile() == null ? null : response.getFile().getId();
          return CallOutcome.of(response, fileId, channel);
        },
        DeliveryResult.Uploaded::new);
  }

  private DeliveryResult deliver(
      String method,
      String channel,
      SlackCall call,
      BiFunction<String, String, DeliveryResult> success) {
    String lastReason = "not attempted";
    boolean mayHaveArrived = false;
    for (int attempt = 1; attempt <= policy.maxAttempts(); attempt++) {
      try {
        Duration wait = pacer.reserve(channel);
        if (method.equals(UPDATE)) {
          Duration workspaceWait = workspacePacer.reserve(method);
          wait = workspaceWait.compareTo(wait) > 0 ? workspaceWait : wait;
        }
        if (wait.isPositive()) {
          sleeper.sleep(wait);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return giveUp(
            method,
            channel,
            attempt - 1,
            "interrupted while waiting; " + lastReason,
            true,
            mayHaveArrived);
      }
      CallOutcome outcome = attempt(call);
      switch (outcome) {
        case CallOutcome.Success done -> {
          String to = done.channel() == null ? channel : done.channel();
          log.debug(
              "event=slack_delivered method={} channel={} id={} attempts={}",
              method,
              to,
              done.id(),
              attempt);
          return success.apply(done.id(), to);
        }
        case CallOutcome.Permanent refused -> {
          return giveUp(
              method, channel, attempt, refused.reason() + "; not retried", false, mayHaveArrived);
        }
        case CallOutcome.RateLimited limited -> {
          Duration wait =
              limited.retryAfter() == null ? policy.backoff(attempt) : limited.retryAfter();
          lastReason = limited.reason();
          if (method.equals(UPDATE)) {
            // A 429 on chat.update is the workspace's limit for the method, not the channel's.
            workspacePacer.holdUntil(method, clock.instant().plus(wait));
          }
          holdChannel(method, channel, attempt, wait, lastReason);
        }
        case CallOutcome.Transient passing -> {
          lastReason = passing.reason();
          mayHaveArrived |= passing.mayHaveArrived();
          // After the last attempt nobody waits for the backoff: leave the channel free.
          if (attempt < policy.maxAttempts()) {
            holdChannel(method, channel, attempt, policy.backoff(attempt), lastReason);
          }
        }
      }
      if (Thread.currentThread().isInterrupted()) {
        return giveUp(method, channel, attempt, "interrupted; " + lastReason, true, mayHaveArrived);
      }
    }
    return giveUp(
        method,
        channel,
        policy.maxAttempts(),
        "no success after " + policy.maxAttempts() + " attempts; last: " + lastReason,
        true,
        mayHaveArrived);
  }

  private static CallOutcome attempt(SlackCall call) {
    try {
      return call.call();
    } catch (IOException | SlackApiException | RuntimeException e) {
      return CallOutcome.of(e);
    }
  }

  /** The channel waits before anything else goes to it, this message's next attempt included. */
  private void holdChannel(String method, String channel, int attempt, Duration wait, String why) {
    pacer.holdUntil(channel, clock.instant().plus(wait));
    if (attempt < policy.maxAttempts()) {
      log.info(
          "event=slack_retry method={} channel={} attempt={} wait_ms={} reason=\"{}\"",
          method,
          channel,
          attempt,
          wait.toMillis(),
          quoted(why));
    }
  }

  private static DeliveryResult giveUp(
      String method, String channel, int attempts, String why, boolean retryable) {
    return giveUp(method, channel, attempts, why, retryable, false);
  }

  private static DeliveryResult giveUp(
      String method,
      String channel,
      int attempts,
      String why,
      boolean retryable,
      boolean mayHaveArrived) {
    String reason = method + " to channel " + channel + " failed: " + why;
    log.warn(
        "event=slack_gave_up method={} channel={} attempts={} reason=\"{}\"",
        method,
        channel,
        attempts,
        quoted(why));
    return new DeliveryResult.Failed(channel, reason, retryable, mayHaveArrived);
  }

  private static String quoted(String text) {
    return text.replace('"', '\'').replace('\n', ' ');
  }

  /** One attempt at a Slack call. */
  @FunctionalInterface
  private interface SlackCall {
    CallOutcome call() throws IOException, SlackApiException;
  }
}
