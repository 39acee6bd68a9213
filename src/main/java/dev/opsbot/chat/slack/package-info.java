/**
 * The Slack adapter: Bolt over HTTP or Socket Mode, Block Kit rendering, paced delivery with
 * retries.
 */
package dev.opsbot.chat.slack;
