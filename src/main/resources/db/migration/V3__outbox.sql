-- Every message opsbot posts on its own (alerts, digests) goes through here first: at-least-once
-- delivery, an idempotency key per message so a retry never posts twice, resumed after a restart.
CREATE TABLE outbox (
  id               bigserial PRIMARY KEY,
  idempotency_key  text NOT NULL UNIQUE,
  channel          text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('post', 'update', 'reply')),
  parent_key       text,
  message          jsonb NOT NULL,
  state            text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
  attempts         integer NOT NULL DEFAULT 0,
  next_attempt_at  timestamptz NOT NULL,
  created_at       timestamptz NOT NULL,
  sent_at          timestamptz,
  platform_ref     text,
  last_error       text,
  CHECK ((kind = 'post') = (parent_key IS NULL))
);

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE state = 'pending';
