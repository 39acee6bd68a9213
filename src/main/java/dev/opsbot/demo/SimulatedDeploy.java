package dev.opsbot.demo;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One deploy in a simulated deploy API's history; {@code liveAt} is when a rollback deploy goes
 * live.
 */
final class SimulatedDeploy {
  final String id;
  final String commit;
  final String message;
  final String author;
  final String version;
  final Instant createdAt;
  String status;
  Instant liveAt;

  SimulatedDeploy(
      String id,
      String commit,
      String message,
      String author,
      String version,
      String status,
      Instant createdAt) {
    this.id = id;
    this.commit = commit;
    this.message = message;
    this.author = author;
    this.version = version;
    this.status = status;
    this.createdAt = createdAt;
  }

  /** A stable commit-like hash of {@code seed}, so the demo's histories look the same each run. */
  static String hash(String seed) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-1").digest(seed.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String shortHash(String seed) {
    return hash(seed).substring(0, 8);
  }
}
