package dev.opsbot.platform;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * An answer read up to a number of bytes and no further: past it, the stream ends as if the answer
 * had, and {@link #cut()} says so. A 10 MB log answer costs opsbot its cap, not 10 MB.
 */
final class BoundedInput extends FilterInputStream {
  private long left;
  private boolean cut;

  BoundedInput(InputStream in, long limit) {
    super(in);
    this.left = limit;
  }

  /** Whether the answer went on past the cap. */
  boolean cut() {
    return cut;
  }

  @Override
  public int read() throws IOException {
    if (left <= 0) {
      cut = true;
      return -1;
    }
    int b = super.read();
    if (b >= 0) {
      left--;
    }
    return b;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (left <= 0) {
      cut = true;
      return -1;
    }
    int n = super.read(buffer, offset, (int) Math.min(length, left));
    if (n > 0) {
      left -= n;
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped = super.skip(Math.min(n, left));
    left -= skipped;
    return skipped;
  }
}
