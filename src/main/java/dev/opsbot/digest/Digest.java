package dev.opsbot.digest;

import dev.opsbot.chat.Block;
import dev.opsbot.chat.Message;
import java.util.Optional;

/**
 * One digest ready to send: the post that fits a screen, the details for its thread, the chart, and
 * all of it as one message for email.
 */
public record Digest(
    DigestReport report,
    Message summary,
    Message details,
    Optional<Block.File> chart,
    Message email) {}
