package dev.opsbot.chat.slack;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;

/**
 * A request body read whole before a deadline and up to a size, on the calling (virtual) thread. A
 * body too large is read away, within the same deadline and up to {@link #MAX_DRAINED_BYTES},
 * before the refusal: a connection closed with unread bytes is reset, and the client would see the
 * reset instead of the 413.
 */
final class BodyReader {
  private static final long MAX_DRAINED_BYTES = 64L << 20;

  private BodyReader() {}

  static byte[] read(Content.Source body, int maxBytes, long deadlineNanos) throws Refusal {
    if (body.getLength() > maxBytes) {
      throw tooLarge(body, maxBytes, deadlineNanos);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      Content.Chunk chunk = next(body, deadlineNanos);
      if (Content.Chunk.isFailure(chunk)) {
        throw new Refusal(400, "request body could not be read");
      }
      try {
        if (bytes.size() + chunk.remaining() > maxBytes) {
          throw tooLarge(body, maxBytes, deadlineNanos);
        }
        byte[] part = new byte[chunk.remaining()];
        chunk.getByteBuffer().get(part);
        bytes.writeBytes(part);
        if (chunk.isLast()) {
          return bytes.toByteArray();
        }
      } finally {
        chunk.release();
      }
    }
  }

  /** The next chunk, waiting for it until the deadline. */
  private static Content.Chunk next(Content.Source body, long deadlineNanos) throws Refusal {
    while (true) {
      Content.Chunk chunk = body.read();
      if (chunk != null) {
        return chunk;
      }
      CompletableFuture<Void> more = new CompletableFuture<>();
      body.demand(() -> more.complete(null));
      try {
        more.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        throw new Refusal(408, "request body not received in time");
      } catch (ExecutionException e) {
        throw new Refusal(400, "request body could not be read");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Refusal(503, "opsbot is shutting down");
      }
    }
  }

  private static Refusal tooLarge(Content.Source body, int maxBytes, long deadlineNanos) {
    if (body.getLength() <= MAX_DRAINED_BYTES) {
      try {
        long drained = 0;
        while (drained <= MAX_DRAINED_BYTES) {
          Content.Chunk chunk = next(body, deadlineNanos);
          drained += chunk.remaining();
          chunk.release();
          if (chunk.isLast() || Content.Chunk.isFailure(chunk)) {
            break;
          }
        }
      } catch (Refusal timedOut) {
        // Out of time: the client gets the 413 or, if still sending, a reset.
      }
    }
    return new Refusal(413, "request body larger than " + maxBytes + " bytes");
  }
}
