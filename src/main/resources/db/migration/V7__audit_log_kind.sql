-- What each audit row records, as a closed set (dev.opsbot.audit.AuditKind): figures such as the
-- digest's rollbacks count kinds, never the wording of the action text, which stays for display.
ALTER TABLE audit_log ADD COLUMN kind text;

-- Rows from before: their kind from the action text every writer so far used ('/sql ...',
-- 'click rollback.confirm', 'rollback outcome backend'). The log is append-only; its guard is
-- lifted for this one statement, inside the migration's transaction.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;
UPDATE audit_log SET kind = CASE
  WHEN action LIKE 'click %' THEN 'click'
  WHEN action LIKE 'rollback request %' THEN 'rollback_request'
  WHEN action LIKE 'rollback approve %' THEN 'rollback_approve'
  WHEN action LIKE 'rollback cancel %' THEN 'rollback_cancel'
  WHEN action LIKE 'rollback confirm %' THEN 'rollback_confirm'
  WHEN action LIKE 'rollback outcome %' THEN 'rollback_outcome'
  WHEN action LIKE 'rollback autodeploy-off %' THEN 'rollback_autodeploy_off'
  -- Commands start with '/'; nothing else was ever written.
  ELSE 'command'
END;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log
  ALTER COLUMN kind SET NOT NULL,
  ADD CONSTRAINT audit_log_kind CHECK (kind IN (
    'command', 'click', 'rollback_request', 'rollback_approve', 'rollback_cancel',
    'rollback_confirm', 'rollback_outcome', 'rollback_autodeploy_off'));
