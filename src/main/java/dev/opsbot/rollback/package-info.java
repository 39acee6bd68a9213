/**
 * {@code /rollback} and {@code /restart}: policy, plans (each carries its action), the Render and
 * Vercel providers, following a rollback or restart to health, wording, audit and its store.
 */
package dev.opsbot.rollback;
