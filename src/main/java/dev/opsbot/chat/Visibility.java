package dev.opsbot.chat;

/** Who sees a reply: the whole channel, or only the person who asked. */
public enum Visibility {
  IN_CHANNEL,
  EPHEMERAL
}
