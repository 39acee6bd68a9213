-- Heartbeat monitors (dead man's switches): the newest ping of each, whichever replica took it, so
-- every replica judges lateness from the same facts. One row per monitor id, kept up to date;
-- the pings themselves are not kept (the probe history records each verdict).
CREATE TABLE heartbeats (
  id               text PRIMARY KEY,
  last_success_at  timestamptz,
  last_failure_at  timestamptz,
  pings            bigint NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL
);
