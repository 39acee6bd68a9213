package dev.opsbot.probe;

/**
 * Latencies counted in 50 buckets growing by 25% (bucket i holds {@code [1.25^i, 1.25^(i+1))} ms,
 * the last everything above about 56 s). Histograms of hours add up to a day's or a week's, so
 * percentiles of any period come from hourly rollups; a percentile is within about 12% of the exact
 * one.
 */
public final class LatencyHistogram {
  public static final double BASE = 1.25;
  public static final int BUCKETS = 50;

  private final long[] counts = new long[BUCKETS];
  private long total;

  /** The bucket a latency falls in; the rollup SQL computes the same. */
  public static int bucketOf(long millis) {
    if (millis < 1) {
      return 0;
    }
    return (int) Math.min(BUCKETS - 1, Math.max(0, Math.floor(Math.log(millis) / Math.log(BASE))));
  }

  public void add(int bucket, long count) {
    counts[bucket] += count;
    total += count;
  }

  public void addMillis(long millis) {
    add(bucketOf(millis), 1);
  }

  public void addAll(LatencyHistogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      counts[i] += other.counts[i];
    }
    total += other.total;
  }

  public long total() {
    return total;
  }

  /** The latency below which {@code fraction} of the samples fall; -1 with no samples. */
  public long percentile(double fraction) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(fraction * total);
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts[i];
      if (seen >= Math.max(1, rank)) {
        return representative(i);
      }
    }
    return representative(BUCKETS - 1);
  }

  /** The geometric middle of a bucket, in whole milliseconds. */
  static long representative(int bucket) {
    if (bucket == 0) {
      return 1;
    }
    return Math.round(Math.pow(BASE, bucket + 0.5));
  }
}
