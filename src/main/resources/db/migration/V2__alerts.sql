-- Alerts and every change of their state, with who and when.
CREATE TABLE alerts (
  id               bigserial PRIMARY KEY,
  rule_id          text NOT NULL,
  service          text NOT NULL,
  severity         text NOT NULL CHECK (severity IN ('critical', 'warning', 'info')),
  state            text NOT NULL
                   CHECK (state IN ('pending', 'firing', 'acknowledged', 'snoozed', 'resolved')),
  summary          text NOT NULL,
  value            text,
  threshold        text,
  opened_at        timestamptz NOT NULL,
  fired_at         timestamptz,
  acknowledged_at  timestamptz,
  acknowledged_by  text,
  snoozed_until    timestamptz,
  resolved_at      timestamptz,
  resolved_by      text
);

-- At most one open alert per (rule, service): across restarts and across replicas.
CREATE UNIQUE INDEX alerts_one_open_per_rule_and_service
  ON alerts (rule_id, service) WHERE state <> 'resolved';
CREATE INDEX alerts_opened_at ON alerts (opened_at DESC);

CREATE TABLE alert_transitions (
  id          bigserial PRIMARY KEY,
  alert_id    bigint NOT NULL REFERENCES alerts (id),
  from_state  text,
  to_state    text NOT NULL,
  by_user     text,
  at          timestamptz NOT NULL,
  note        text
);

CREATE INDEX alert_transitions_of_alert ON alert_transitions (alert_id, at);
