package dev.opsbot.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects the validators' problems for one file, with the checks they share: a key that already
 * failed to read gets no second problem.
 */
final class ConfigProblems {
  private final String file;
  private final List<Problem> problems;
  private final Set<String> alreadyReported = new HashSet<>();

  ConfigProblems(String file, List<Problem> problems) {
    this.file = file;
    this.problems = problems;
    // A key that failed to read is left empty: one problem for it is enough, the first says why.
    problems.forEach(p -> alreadyReported.add(p.path()));
  }

  void timeouts(String path, Timeouts timeouts) {
    positive(path + ".connect", timeouts.connect());
    positive(path + ".read", timeouts.read());
    positive(path + ".overall", timeouts.overall());
  }

  void url(String path, String url) {
    if (url == null || url.isBlank()) {
      problem(path, "required key is missing: the service's URL, such as https://api.example.com");
      return;
    }
    try {
      URI uri = new URI(url);
      boolean web = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
      if (!web || uri.getHost() == null) {
        problem(path, "'" + url + "' is not an http(s) URL: write it as https://host[:port]");
      }
    } catch (URISyntaxException e) {
      problem(path, "'" + url + "' is not a valid URL (" + e.getReason() + ")");
    }
  }

  void positive(String path, Duration duration) {
    if (duration != null && (duration.isNegative() || duration.isZero())) {
      problem(path, "must be longer than zero");
    }
  }

  void atLeast(String path, Integer value, int minimum) {
    if (value != null && value < minimum) {
      problem(path, value + " is too small: use " + minimum + " or more");
    }
  }

  void problem(String path, String message) {
    if (alreadyReported.contains(path)) {
      return;
    }
    problems.add(new Problem(file, path, message));
  }
}
