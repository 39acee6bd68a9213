package dev.opsbot.chat.slack;

import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import dev.opsbot.config.SecretRedactor;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one attempt at a Slack Web API call came to, and so whether another attempt can help: Slack
 * said wait (429), Slack or the network had a passing problem (5xx, timeouts), or Slack refused in
 * a way that retrying cannot fix (a missing channel, a bad token).
 */
sealed interface CallOutcome {
  /** Slack took it; {@code id} is the message ts or the file id. */
  record Success(String id, String channel) implements CallOutcome {}

  /** Slack asked us to slow down; {@code retryAfter} is null when it did not say for how long. */
  record RateLimited(Duration retryAfter, String reason) implements CallOutcome {}

  /**
   * A passing problem; {@code mayHaveArrived} is true when Slack may have acted on the call
   * although its answer did not say so (a timeout, a connection lost after the request was written,
   * Slack's own internal_error), false when the answer proves it did not (a 5xx with its body).
   */
  record Transient(String reason, boolean mayHaveArrived) implements CallOutcome {
    Transient(String reason) {
      this(reason, false);
    }
  }

  record Permanent(String reason) implements CallOutcome {}

  /** Slack's own words for passing trouble: everything else it answers with ok:false is final. */
  Set<String> RETRYABLE_ERRORS =
      Set.of("internal_error", "fatal_error", "service_unavailable", "request_timeout");

  /** Slack's words for "it is possible some aspect of the operation succeeded". */
  Set<String> MAYBE_DONE_ERRORS = Set.of("internal_error", "fatal_error");

  Set<String> RATE_LIMIT_ERRORS = Set.of("ratelimited", "rate_limited");

  /** What to do about the errors people meet most, so a give-up line says it. */
  Map<String, String> HINTS =
      Map.ofEntries(
          Map.entry("channel_not_found", "no such channel, or the bot cannot see it"),
          Map.entry("not_in_channel", "invite the bot to the channel"),
          Map.entry("is_archived", "the channel is archived"),
          Map.entry("invalid_auth", "check the bot token"),
          Map.entry("not_authed", "check the bot token"),
          Map.entry("token_revoked", "the bot token was revoked: reinstall the app"),
          Map.entry("token_expired", "the bot token expired"),
          Map.entry("account_inactive", "the bot token belongs to a deactivated app or user"),
          Map.entry("missing_scope", "add the scope to the Slack app and reinstall it"),
          Map.entry("msg_too_long", "the message is longer than Slack accepts"),
          Map.entry("invalid_blocks", "Slack rejected the Block Kit blocks"),
          Map.entry("message_not_found", "no message with that ts in the channel"),
          Map.entry("cant_update_message", "the bot can only update its own messages"));

  /** The outcome of a response Slack answered with HTTP 200. */
  static CallOutcome of(SlackApiTextResponse response, String id, String channel) {
    if (response.isOk()) {
      return new Success(id, channel);
    }
    String error = response.getError() == null ? "unknown_error" : response.getError();
    String reason = describe(error, response.getNeeded());
    if (RATE_LIMIT_ERRORS.contains(error)) {
      return new RateLimited(retryAfter(header(response.getHttpResponseHeaders())), reason);
    }
    return RETRYABLE_ERRORS.contains(error)
        ? new Transient(reason, MAYBE_DONE_ERRORS.contains(error))
        : new Permanent(reason);
  }

  /** The outcome of a call that threw: an HTTP error status, an upload step, the network. */
  static CallOutcome of(Exception failure) {
    return switch (failure) {
      case SlackApiException api -> ofHttpStatus(api);
      case SlackFilesUploadV2Exception upload -> ofUpload(upload);
      // Nothing was written to a connection that never opened: Slack cannot have it.
      case ConnectException refused -> new Transient("cannot connect: " + message(refused), false);
      case UnknownHostException unknown ->
          new Transient("unknown host: " + message(unknown), false);
      case SocketTimeoutException timeout -> new Transient("timeout: " + message(timeout), true);
      case InterruptedIOException interrupted ->
          new Transient("interrupted or timed out: " + message(interrupted), true);
      case IOException io ->
          new Transient(io.getClass().getSimpleName() + ": " + message(io), true);
      default ->
          new Permanent(
              "unexpected " + failure.getClass().getSimpleName() + ": " + message(failure));
    };
  }

  private static CallOutcome ofHttpStatus(SlackApiException api) {
    int code = api.getResponse().code();
    String error = api.getError() == null ? null : api.getError().getError();
    String reason = "HTTP " + code + (error == null ? "" : " " + error);
    if (code == 429) {
      return new RateLimited(retryAfter(api.getResponse().header("Retry-After")), reason);
    }
    if (code >= 500 || code == 408) {
      // A gateway timeout says the request went on and no answer came back in time.
      return new Transient(reason, code == 504);
    }
    return new Permanent(error == null ? reason : reason + " (" + describe(error, null) + ")");
  }

  private static CallOutcome ofUpload(SlackFilesUploadV2Exception upload) {
    if (upload.getCompleteResponse() != null) {
      return of(upload.getCompleteResponse(), null, null);
    }
    for (FilesUploadV2Response.UploadResponse sent : upload.getUploadResponses().values()) {
      if (sent.getCode() != 200) {
        String reason = "file upload HTTP " + sent.getCode();
        return sent.getCode() >= 500 || sent.getCode() == 429
            ? new Transient(reason)
            : new Permanent(reason);
      }
    }
    if (!upload.getGetURLResponses().isEmpty()) {
      return of(upload.getGetURLResponses().getLast(), null, null);
    }
    return new Permanent("file upload failed without a response from Slack");
  }

  private static String describe(String error, String needed) {
    String hint = HINTS.get(error);
    String scope = needed == null ? "" : "; needed: " + needed;
    return hint == null ? error + scope : error + " (" + hint + scope + ")";
  }

  private static String header(Map<String, List<String>> headers) {
    if (headers == null) {
      return null;
    }
    List<String> values = headers.get("retry-after");
    return values == null || values.isEmpty() ? null : values.getFirst();
  }

  /** Retry-After in seconds, as Slack sends it; null when absent or unreadable. */
  static Duration retryAfter(String header) {
    if (header == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(header.strip());
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String message(Throwable failure) {
    return failure.getMessage() == null ? "no detail" : SecretRedactor.redact(failure.getMessage());
  }
}
