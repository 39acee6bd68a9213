package dev.opsbot.oncall;

/**
 * Someone who carries the pager: the id of {@code people:} in {@code config/oncall.yaml}, a name,
 * and how to reach them (each may be null, not all three).
 */
public record Person(String id, String name, String slack, String discord, String email) {
  public Person {
    name = name == null || name.isBlank() ? id : name;
  }

  /** How a Slack message names them: a mention when their Slack id is known, else their name. */
  public String slackMention() {
    return slack == null ? name : "<@" + slack + ">";
  }

  /** How a Discord message names them: a mention when their Discord id is known. */
  public String discordMention() {
    return discord == null ? name : "<@" + discord + ">";
  }

  /** Whether a chat user id (Slack or Discord) is this person's. */
  public boolean isUser(String userId) {
    return userId != null && (userId.equals(slack) || userId.equals(discord));
  }
}
