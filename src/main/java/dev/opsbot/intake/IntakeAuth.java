package dev.opsbot.intake;

import dev.opsbot.config.IntakeSource;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A source's proof: {@code Authorization: Bearer <token>}, or the body's HMAC-SHA256 (hex, with or
 * without {@code sha256=}) in the source's signature header. Compared in constant time; the secret
 * is never part of an answer or a log line.
 */
final class IntakeAuth {
  private IntakeAuth() {}

  static boolean bearer(IntakeSource source, String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    byte[] given = authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8);
    byte[] expected = source.token().reveal().getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(given, expected);
  }

  static boolean signature(IntakeSource source, String header, byte[] body) {
    if (header == null) {
      return false;
    }
    String hex = header.strip().toLowerCase(Locale.ROOT);
    if (hex.startsWith("sha256=")) {
      hex = hex.substring(7);
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              source.token().reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return MessageDigest.isEqual(given, mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  static boolean hmac(IntakeSource source) {
    return "hmac".equals(source.auth());
  }
}
