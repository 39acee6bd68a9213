package dev.opsbot.chat.discord;

import mockwebserver3.MockResponse;

/**
 * Discord's answers in the shapes its OpenAPI description gives them, with every field it marks
 * required ({@code DiscordContractTest} checks them against it): a message, a thread started on
 * one, a 429.
 */
final class DiscordAnswers {
  static final String GUILD = "1000000000000000009";
  static final String BOT = "1090000000000000001";

  private DiscordAnswers() {}

  /** A MessageResponse: a message the bot posted in {@code channel}. */
  static String message(String id, String channel) {
    return """
    {"type":0,"content":"","mentions":[],"mention_roles":[],"attachments":[],"embeds":[],\
    "timestamp":"2026-12-02T09:00:00.000000+00:00","edited_timestamp":null,"flags":0,\
    "components":[],"id":"%s","channel_id":"%s","author":{"id":"%s","username":"opsbot",\
    "avatar":null,"discriminator":"0000","public_flags":0,"flags":0,"bot":true,\
    "global_name":null,"primary_guild":null},"pinned":false,"mention_everyone":false,\
    "tts":false}\
    """
        .formatted(id, channel, BOT);
  }

  /** A ThreadResponse: a public thread started on message {@code id}, which is its id too. */
  static String thread(String id, String parent, String name) {
    return """
    {"id":"%s","type":11,"flags":0,"guild_id":"%s","parent_id":"%s","name":"%s",\
    "owner_id":"%s","thread_metadata":{"archived":false,"archive_timestamp":\
    "2026-12-02T09:00:00.000000+00:00","auto_archive_duration":10080,"locked":false},\
    "message_count":0,"member_count":1,"total_message_sent":0}\
    """
        .formatted(id, GUILD, parent, name, BOT);
  }

  /** A RatelimitedResponse body. */
  static String rateLimited(double retryAfter) {
    return "{\"message\":\"You are being rate limited.\",\"code\":0,\"retry_after\":%s,\"global\":false}"
        .formatted(retryAfter);
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder()
        .code(code)
        .setHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
