-- Every command and button click, append-only.
CREATE TABLE audit_log (
  id           bigserial PRIMARY KEY,
  at           timestamptz NOT NULL,
  platform     text NOT NULL,
  user_id      text NOT NULL,
  user_name    text,
  channel      text,
  action       text NOT NULL,
  outcome      text NOT NULL CHECK (outcome IN ('ok', 'refused', 'error')),
  duration_ms  bigint,
  detail       text
);

CREATE INDEX audit_log_at ON audit_log (at DESC);

-- Append-only is enforced by the database, not only by opsbot's code.
CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP;
END
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
