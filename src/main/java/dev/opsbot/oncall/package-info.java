/**
 * On-call: schedules of rotating layers, overrides from chat, who is on call when, {@code /oncall},
 * hand-overs and the Slack user group kept equal to the people on call.
 */
package dev.opsbot.oncall;
