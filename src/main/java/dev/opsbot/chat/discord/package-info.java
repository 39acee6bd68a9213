/**
 * The Discord adapter: JDA gateway, slash commands and clicks, embeds and button rows, REST
 * delivery of outbox items.
 */
package dev.opsbot.chat.discord;
