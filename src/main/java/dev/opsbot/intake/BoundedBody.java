package dev.opsbot.intake;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads a request body of at most {@code cap} bytes: it reads cap + 1 at most, never the rest. */
final class BoundedBody {
  private BoundedBody() {}

  /** The body, or null when it is longer than {@code cap}. */
  static byte[] read(InputStream in, int cap) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
    byte[] buffer = new byte[16 * 1024];
    long total = 0;
    int n;
    while ((n = in.read(buffer, 0, (int) Math.min(buffer.length, cap + 1L - total))) > 0) {
      out.write(buffer, 0, n);
      total += n;
      if (total > cap) {
        return null;
      }
    }
    return out.toByteArray();
  }
}
