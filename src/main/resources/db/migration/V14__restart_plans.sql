-- /restart shares the plans and the per-service lock of /rollback: a plan now says which action it
-- carries, so a restart during a rollback (or the other way round) is refused by the same lock.
-- thread: the outbox key of the message whose thread the plan reports in (an alert's, when a
-- runbook button started it); null: the plan starts a thread of its own.
ALTER TABLE rollback_plans
  ADD COLUMN action text NOT NULL DEFAULT 'rollback' CHECK (action IN ('rollback', 'restart')),
  ADD COLUMN thread text;

-- The restart's steps are audit kinds of their own: the digest counts rollbacks by kind, and a
-- restart is not one.
ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind CHECK (kind IN (
  'command', 'click', 'rollback_request', 'rollback_approve', 'rollback_cancel',
  'rollback_confirm', 'rollback_outcome', 'rollback_autodeploy_off', 'restart_request',
  'restart_approve', 'restart_cancel', 'restart_confirm', 'restart_outcome',
  'oncall_override', 'oncall_swap', 'oncall_cancel'));
