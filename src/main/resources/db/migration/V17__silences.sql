-- Silences and maintenance windows (issue 17, part 1). While one is active and matches an alert's
-- rule, service and severity, the alert is evaluated and stored but its fire is not posted and it
-- does not page. Each matcher is NULL (anything), a list of values (equality: any of them) or a
-- regular expression matched against the whole value (Alertmanager's =~).
--   end_posted_at  when the end of the window was posted: set once, under the row's lock, by the
--                  first replica to see the window over (ended early by hand, or run out)
--   schedule_key   the occurrence of a scheduled window (name@local start): inserted once, by the
--                  first replica to see it begin
CREATE TABLE silences (
  id             bigserial PRIMARY KEY,
  kind           text NOT NULL CHECK (kind IN ('silence', 'maintenance')),
  rule_eq        text[],
  rule_re        text,
  service_eq     text[],
  service_re     text,
  severity_eq    text[],
  severity_re    text,
  starts_at      timestamptz NOT NULL,
  ends_at        timestamptz NOT NULL,
  created_by     text NOT NULL,
  reason         text,
  ended_at       timestamptz,
  ended_by       text,
  end_posted_at  timestamptz,
  schedule_key   text UNIQUE,
  CHECK (ends_at > starts_at)
);
CREATE INDEX silences_unposted ON silences (ends_at) WHERE end_posted_at IS NULL;

-- Whether a silence matches an alert's rule, service and severity; every replica asks the same
-- database, so they agree on what is suppressed.
CREATE FUNCTION silence_matches(s silences, p_rule text, p_service text, p_severity text)
RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT (s.rule_eq IS NULL OR p_rule = ANY (s.rule_eq))
     AND (s.rule_re IS NULL OR p_rule ~ ('^(?:' || s.rule_re || ')$'))
     AND (s.service_eq IS NULL OR p_service = ANY (s.service_eq))
     AND (s.service_re IS NULL OR p_service ~ ('^(?:' || s.service_re || ')$'))
     AND (s.severity_eq IS NULL OR p_severity = ANY (s.severity_eq))
     AND (s.severity_re IS NULL OR p_severity ~ ('^(?:' || s.severity_re || ')$'))
$$;

-- An alert whose fire was held back by a silence: set when it fired silenced, cleared (under the
-- alert's row lock, by one replica) when it is posted after the last matching window ended.
-- silence_released_at: when that replica released it, so the other replicas show it in their thread
-- index too (their resolve of it is posted then).
ALTER TABLE alerts ADD COLUMN silenced_at timestamptz;
ALTER TABLE alerts ADD COLUMN silence_released_at timestamptz;
CREATE INDEX alerts_silenced ON alerts (id) WHERE silenced_at IS NOT NULL;
CREATE INDEX alerts_silence_released ON alerts (id)
  WHERE silence_released_at IS NOT NULL AND state = 'firing';

ALTER TABLE audit_log DROP CONSTRAINT audit_log_kind;
ALTER TABLE audit_log ADD CONSTRAINT audit_log_kind CHECK (kind IN (
  'command', 'click', 'rollback_request', 'rollback_approve', 'rollback_cancel',
  'rollback_confirm', 'rollback_outcome', 'rollback_autodeploy_off', 'restart_request',
  'restart_approve', 'restart_cancel', 'restart_confirm', 'restart_outcome',
  'oncall_override', 'oncall_swap', 'oncall_cancel',
  'silence_start', 'silence_end', 'maintenance_start', 'maintenance_end'));
