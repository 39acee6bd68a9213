/** Log layout converters that mask secrets in messages and stack traces. */
package dev.opsbot.logging;
