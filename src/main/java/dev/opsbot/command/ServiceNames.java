package dev.opsbot.command;

import dev.opsbot.config.ClosestMatch;
import java.util.Collection;

/** The reply for a name that is not a known service: the closest one and the full list. */
public final class ServiceNames {
  private ServiceNames() {}

  public static UsageException unknown(String name, Collection<String> known) {
    String hint =
        ClosestMatch.among(known, name).map(match -> " Did you mean " + match + "?").orElse("");
    return new UsageException(
        "Unknown service '" + name + "'." + hint + " Known: " + String.join(", ", known));
  }
}
