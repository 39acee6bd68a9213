package dev.opsbot.chat.slack;

import com.slack.api.model.block.LayoutBlock;
import dev.opsbot.chat.Block;
import java.util.List;

/**
 * A neutral message rendered for Slack: Block Kit blocks with their plain-text fallback, the files
 * the caller uploads alongside, and who may see it.
 *
 * @param text the fallback Slack shows in notifications and where blocks cannot be shown; never
 *     blank
 * @param color the tone as a hex colour for callers that wrap the blocks in an attachment, or null
 *     for a neutral message
 * @param ephemeral true when only the person who asked should see it (a reply through {@code
 *     response_url} or {@code chat.postEphemeral}, never {@code chat.postMessage})
 */
public record SlackMessage(
    String text,
    List<LayoutBlock> blocks,
    String color,
    List<Block.File> files,
    boolean ephemeral) {
  public SlackMessage {
    blocks = List.copyOf(blocks);
    files = List.copyOf(files);
  }
}
