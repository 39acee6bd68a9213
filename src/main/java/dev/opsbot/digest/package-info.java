/**
 * The daily digest: figures from probe history, alerts and saved queries, the chart, the schedule,
 * publishing through the outbox, {@code /digest} and its run store.
 */
package dev.opsbot.digest;
