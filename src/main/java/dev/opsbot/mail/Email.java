package dev.opsbot.mail;

import java.util.List;
import java.util.Objects;

/**
 * One email: plain text always, HTML optionally, with pictures the HTML shows inline by {@code
 * cid:} reference.
 */
public record Email(
    List<String> to, String subject, String text, String html, List<InlineImage> images) {
  public Email {
    to = List.copyOf(to);
    if (to.isEmpty()) {
      throw new IllegalArgumentException("an email needs at least one recipient");
    }
    Objects.requireNonNull(subject);
    Objects.requireNonNull(text);
    images = images == null ? List.of() : List.copyOf(images);
  }

  public static Email plain(List<String> to, String subject, String text) {
    return new Email(to, subject, text, null, List.of());
  }

  /** A picture referenced from the HTML as {@code <img src="cid:contentId">}. */
  public record InlineImage(String contentId, String mimeType, String fileName, byte[] bytes) {}
}
