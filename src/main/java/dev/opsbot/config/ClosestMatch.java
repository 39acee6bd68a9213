package dev.opsbot.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the candidate a mistyped word most likely meant ({@code healthPth} -> {@code healthPath}).
 */
public final class ClosestMatch {
  private ClosestMatch() {}

  /** The nearest candidate by edit distance, if it is near enough to be a plausible typo. */
  public static Optional<String> among(Collection<String> candidates, String word) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int distance = distance(candidate.toLowerCase(), word.toLowerCase());
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int tolerance = Math.max(2, word.length() / 3);
    boolean prefix = best != null && best.toLowerCase().startsWith(word.toLowerCase());
    return bestDistance <= tolerance || (prefix && !word.isEmpty())
        ? Optional.of(best)
        : Optional.empty();
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
