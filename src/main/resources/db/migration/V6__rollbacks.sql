-- /rollback: every plan shown with Confirm/Cancel buttons, from request to outcome. A plan is
-- confirmed once (state moves from pending exactly once), so a double click is one rollback.
CREATE TABLE rollback_plans (
  id                bigserial PRIMARY KEY,
  service           text        NOT NULL,
  provider          text        NOT NULL,
  provider_id       text        NOT NULL,
  current_deploy    jsonb       NOT NULL,
  target_deploy     jsonb       NOT NULL,
  platform          text        NOT NULL,
  requested_by      text        NOT NULL,
  requested_by_name text,
  channel           text,
  requested_at      timestamptz NOT NULL,
  expires_at        timestamptz NOT NULL,
  forced            boolean     NOT NULL DEFAULT false,
  auto_deploy       boolean,
  state             text        NOT NULL DEFAULT 'pending'
    CHECK (state IN ('pending', 'running', 'succeeded', 'unverified', 'failed', 'canceled')),
  approved_by       text,
  decided_by        text,
  decided_at        timestamptz,
  new_deploy        text,
  outcome           text,
  finished_at       timestamptz
);

CREATE INDEX rollback_plans_by_service ON rollback_plans (service, requested_at DESC);

-- One rollback per service at a time, across replicas: the row is the lock, and names its holder.
-- expires_at frees the lock of a replica that died mid-rollback.
CREATE TABLE rollback_locks (
  service     text PRIMARY KEY,
  plan_id     bigint      NOT NULL REFERENCES rollback_plans (id),
  holder      text        NOT NULL,
  acquired_at timestamptz NOT NULL,
  expires_at  timestamptz NOT NULL
);
