package dev.opsbot.chat.slack;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signing, checked on the raw bytes before anything reads the body: the v0
 * HMAC-SHA256 of {@code v0:<timestamp>:<body>}, a timestamp at most {@link #WINDOW} from now in
 * either direction, and each signature accepted once.
 */
final class SignedRequests {
  static final Duration WINDOW = Duration.ofMinutes(5);
  // Only genuinely signed requests are remembered, so this is far above any real traffic in ten
  // minutes; it bounds the memory if the secret leaks.
  private static final int REMEMBERED = 100_000;
  private static final String VERSION = "v0";

  private final byte[] secret;
  private final Clock clock;
  // Signature -> request timestamp. An entry lives until its timestamp leaves the window: after
  // that the timestamp check refuses the request anyway.
  private final Cache<String, Long> seen;
  private final ReplayCheck everyReplica;

  SignedRequests(String secret, Clock clock) {
    this(secret, clock, ReplayCheck.THIS_REPLICA_ONLY);
  }

  SignedRequests(String secret, Clock clock, ReplayCheck everyReplica) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
    this.everyReplica = everyReplica;
    this.seen =
        Caffeine.newBuilder()
            .maximumSize(REMEMBERED)
            .expireAfter(
                Expiry.creating((String signature, Long timestamp) ->
                    Duration.ofSeconds(timestamp)
                        .plus(WINDOW)
                        .minusMillis(clock.millis())
                        .plusSeconds(1)))
            .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
            .executor(Runnable::run)
            .build();
  }

  /** Empty when the request is Slack's and new; otherwise why it is refused (answered with 401). */
  Optional<String> refusal(String timestampHeader, String signatureHeader, byte[] body) {
    if (timestampHeader == null || timestampHeader.isBlank()) {
      return Optional.of("X-Slack-Request-Timestamp is missing");
    }
    if (signatureHeader == null || signatureHeader.isBlank()) {
      return Optional.of("X-Slack-Signature is missing");
    }
    long timestamp;
    try {
      timestamp = Long.parseLong(timestampHeader.strip());
    } catch (NumberFormatException e) {
      return Optional.of("X-Slack-Request-Timestamp is not a number of seconds");
    }
    long now = clock.millis() / 1000;
    if (timestamp < now - WINDOW.toSeconds() || timestamp > now + WINDOW.toSeconds()) {
      return Optional.of(
          "the timestamp is "
              + distance(timestamp, now)
              + " s in the "
              + (timestamp > now ? "future" : "past")
              + "; more than "
              + WINDOW.toMinutes()
              + " minutes off is refused");
    }
    String expected = sign(timestamp, body);
    String given = signatureHeader.strip().toLowerCase(java.util.Locale.ROOT);
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
      return Optional.of("the signature does not match the body and timestamp");
    }
    // Memory first: a replay to this replica costs no database round trip.
    if (seen.asMap().putIfAbsent(given, timestamp) != null
        || !everyReplica.firstTime(
            given, java.time.Instant.ofEpochSecond(timestamp).plus(WINDOW).plusSeconds(1))) {
      return Optional.of("this signed request was already received (a replay)");
    }
    return Optional.empty();
  }

  /** How many seconds apart, without overflowing for timestamps near the ends of a long. */
  private static long distance(long timestamp, long now) {
    try {
      return Math.absExact(Math.subtractExact(timestamp, now));
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** The signature Slack sends for this timestamp and body: {@code v0=<hex>}. */
  String sign(long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      mac.update((VERSION + ":" + timestamp + ":").getBytes(StandardCharsets.UTF_8));
      return VERSION + "=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
