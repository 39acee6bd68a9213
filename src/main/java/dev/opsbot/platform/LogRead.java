package dev.opsbot.platform;

import java.util.List;

/**
 * The lines a platform gave for a query, oldest first.
 *
 * @param cut why reading stopped before the platform's answer ended (the byte or line cap, a stream
 *     left open); null when it was read whole
 */
public record LogRead(List<LogLine> lines, String cut) {
  public LogRead {
    lines = List.copyOf(lines);
  }
}
