/** The terminal adapter: plain-text rendering of the message model and console input. */
package dev.opsbot.chat.console;
