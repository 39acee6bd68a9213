-- /oncall override and /oncall swap: a person takes the pager of a schedule for a window, above
-- every layer of config/oncall.yaml. A canceled override stays, with who canceled it and when.
-- No two live overrides of a schedule overlap: OverrideStore checks and inserts under one
-- transaction-scoped advisory lock per schedule, so two replicas asking at once store one.
CREATE TABLE oncall_overrides (
  id            bigserial PRIMARY KEY,
  schedule      text        NOT NULL,
  person_id     text        NOT NULL,
  starts_at     timestamptz NOT NULL,
  ends_at       timestamptz NOT NULL,
  requested_by  text        NOT NULL,
  requested_at  timestamptz NOT NULL,
  canceled_at   timestamptz,
  canceled_by   text,
  CHECK (ends_at > starts_at),
  CHECK ((canceled_at IS NULL) = (canceled_by IS NULL))
);

CREATE INDEX oncall_overrides_live ON oncall_overrides (schedule, starts_at, ends_at)
  WHERE canceled_at IS NULL;

-- Overrides, swaps and cancellations are audited with kinds of their own.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind;
ALTER TABLE audit_log
  ADD CONSTRAINT audit_log_kind CHECK (kind IN (
    'command', 'click', 'rollback_request', 'rollback_approve', 'rollback_cancel',
    'rollback_confirm', 'rollback_outcome', 'rollback_autodeploy_off',
    'oncall_override', 'oncall_swap', 'oncall_cancel'));
