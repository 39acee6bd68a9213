package dev.opsbot.oncall;

import java.time.Instant;

/**
 * A person taking the pager of {@code schedule} from {@code start} until {@code end}, above every
 * layer; asked for in chat by {@code requestedBy} (a chat user id).
 */
public record Override(
    long id,
    String schedule,
    Person person,
    Instant start,
    Instant end,
    String requestedBy,
    Instant requestedAt) {
  public boolean covers(Instant at) {
    return !at.isBefore(start) && at.isBefore(end);
  }
}
