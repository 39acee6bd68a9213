package dev.opsbot.chat;

/** Where opsbot posts messages on its own (alerts, digests): one per chat platform. */
public interface ChatPort {
  /** Posts into a channel and returns the platform's id of the new message. */
  String post(String channel, Message message);
}
