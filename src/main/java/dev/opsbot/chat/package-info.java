/**
 * The platform-neutral message model that commands and features speak; the adapters in the
 * subpackages render it.
 */
package dev.opsbot.chat;
