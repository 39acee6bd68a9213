package dev.opsbot.heartbeat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitors that are on, and who may ping which. A caller is told a monitor does not exist only
 * when its token is some monitor's: without one, an unknown id and a wrong token get the same
 * answer, so the ids cannot be probed for.
 */
public final class Monitors {
  /** What a ping's credentials amount to. */
  public enum Access {
    /** The token is this monitor's. */
    GRANTED,
    /** No such monitor, and the token is another monitor's: the caller may know that much. */
    UNKNOWN_ID,
    /** A wrong or missing token, for a monitor that exists or not. */
    REFUSED
  }

  private final Map<String, Heartbeat> byId = new LinkedHashMap<>();
  private final Map<String, byte[]> tokenHashes = new LinkedHashMap<>();

  public Monitors(List<Heartbeat> heartbeats) {
    for (Heartbeat heartbeat : heartbeats) {
      byId.put(heartbeat.id(), heartbeat);
      tokenHashes.put(heartbeat.id(), sha256(heartbeat.token().reveal()));
    }
  }

  public List<Heartbeat> all() {
    return List.copyOf(byId.values());
  }

  public boolean has(String id) {
    return byId.containsKey(id);
  }

  /**
   * Whether {@code token} (null when none was sent) may ping {@code id}. Every monitor's token is
   * compared, in constant time and whatever matched, so the answer takes as long for any id.
   */
  public Access access(String id, String token) {
    if (token == null || token.isEmpty()) {
      return Access.REFUSED;
    }
    byte[] offered = sha256(token);
    boolean own = false;
    boolean anyone = false;
    for (Map.Entry<String, byte[]> entry : tokenHashes.entrySet()) {
      boolean match = MessageDigest.isEqual(entry.getValue(), offered);
      own |= match && entry.getKey().equals(id);
      anyone |= match;
    }
    if (own) {
      return Access.GRANTED;
    }
    return anyone && !byId.containsKey(id) ? Access.UNKNOWN_ID : Access.REFUSED;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
