package dev.opsbot.config;

import java.util.Set;

/** Checks {@code statusPage}: a known access mode, and a token wherever one is required. */
final class StatusPageValidator {
  private StatusPageValidator() {}

  static void validate(StatusPageSettings page, ConfigProblems report) {
    if (!page.enabled()) {
      return;
    }
    if (!Set.of("public", "token").contains(page.access())) {
      report.problem(
          "statusPage.access",
          "'" + page.access() + "' is not an access mode: use public or token");
    } else if (!page.isPublic() && (page.token() == null || page.token().isEmpty())) {
      report.problem(
          "statusPage.token",
          "required with access: token: set OPSBOT_STATUS_TOKEN (or use access: public)");
    } else if (page.token() != null && page.token().controlCharacter().isPresent()) {
      report.problem(
          "statusPage.token",
          "the token has " + page.token().controlCharacter().get() + ": set it without one");
    }
    if (page.title().isBlank()) {
      report.problem("statusPage.title", "empty: give the page a title, such as \"Status\"");
    }
  }
}
