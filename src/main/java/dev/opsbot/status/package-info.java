/** The public status page: {@code /status} (HTML) and {@code /status.json} on the admin port. */
package dev.opsbot.status;
