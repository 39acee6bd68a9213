package dev.opsbot.chat.discord;

import dev.opsbot.chat.Block;
import java.util.EnumSet;
import java.util.List;
import net.dv8tion.jda.api.components.actionrow.ActionRow;
import net.dv8tion.jda.api.entities.Message.MentionType;
import net.dv8tion.jda.api.entities.MessageEmbed;
import net.dv8tion.jda.api.utils.FileUpload;
import net.dv8tion.jda.api.utils.messages.MessageCreateBuilder;
import net.dv8tion.jda.api.utils.messages.MessageCreateData;
import net.dv8tion.jda.api.utils.messages.MessageEditBuilder;
import net.dv8tion.jda.api.utils.messages.MessageEditData;

/**
 * A neutral message rendered for Discord: embeds, button rows and attached files, ready to be sent
 * as a new message or as the replacement of an earlier one. It pings no one but the roles and users
 * of its {@code ping} (an escalation's on-call role), when it has one.
 */
public record DiscordMessage(
    String content,
    List<MessageEmbed> embeds,
    List<ActionRow> rows,
    List<Block.File> files,
    boolean ephemeral,
    DiscordMention ping) {
  public DiscordMessage {
    embeds = List.copyOf(embeds);
    rows = List.copyOf(rows);
    files = List.copyOf(files);
  }

  public DiscordMessage(
      String content,
      List<MessageEmbed> embeds,
      List<ActionRow> rows,
      List<Block.File> files,
      boolean ephemeral) {
    this(content, embeds, rows, files, ephemeral, null);
  }

  /** As a new message (a post, a reply, a follow-up). */
  public MessageCreateData createData() {
    return new MessageCreateBuilder()
        .setContent(content)
        .setEmbeds(embeds)
        .setComponents(rows)
        .setFiles(uploads())
        .setAllowedMentions(EnumSet.noneOf(MentionType.class))
        .mentionRoles(ping == null ? List.of() : ping.roleIds())
        .mentionUsers(ping == null ? List.of() : ping.userIds())
        .build();
  }

  /** As the whole replacement of an earlier message: what it no longer has goes away. */
  public MessageEditData editData() {
    return new MessageEditBuilder()
        .setReplace(true)
        .setContent(content)
        .setEmbeds(embeds)
        .setComponents(rows)
        .setFiles(uploads())
        .setAllowedMentions(EnumSet.noneOf(MentionType.class))
        .mentionRoles(ping == null ? List.of() : ping.roleIds())
        .mentionUsers(ping == null ? List.of() : ping.userIds())
        .build();
  }

  private List<FileUpload> uploads() {
    return files.stream().map(file -> FileUpload.fromData(file.data(), file.name())).toList();
  }
}
