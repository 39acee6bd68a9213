package dev.opsbot.chat;

/** How good or bad a message is; adapters map it to colour (Discord embeds, Slack attachments). */
public enum Tone {
  NEUTRAL,
  GOOD,
  WARNING,
  DANGER
}
