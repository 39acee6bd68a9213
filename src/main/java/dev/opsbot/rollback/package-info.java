/**
 * {@code /rollback}: policy, plans, the Render and Vercel providers, following a rollback to
 * health, wording, audit and its store.
 */
package dev.opsbot.rollback;
