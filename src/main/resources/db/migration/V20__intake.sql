-- Alerts from elsewhere (issue 18): one row per source and dedup key (an Alertmanager group's
-- groupKey, a webhook's configured dedup key), written only after the opsbot alert it maps to is
-- stored, in one transaction with its members. A delivery whose row already says the same (same
-- content hash, alert still open) is a duplicate and changes nothing, whichever replica takes it.
--   rule_id, service   the opsbot alert (pseudo rule <source>/<route>/<severity> on a service) the
--                      group maps to; groups mapping to the same open alert share it, and it
--                      resolves when the last of them resolves
--   silence_labels     what a silence at the source matches (groupLabels, else commonLabels)
--   silence_*          the source's silence made when a person acknowledged or snoozed the alert:
--                      claimed once across replicas (silence_claimed_at), its id, and when it was
--                      expired because the alert was resolved by hand
CREATE TABLE intake_alerts (
  source              text NOT NULL,
  dedup_key           text NOT NULL,
  status              text NOT NULL CHECK (status IN ('firing', 'resolved')),
  content_hash        text NOT NULL,
  rule_id             text NOT NULL,
  service             text NOT NULL,
  alert_id            bigint REFERENCES alerts (id),
  summary             text NOT NULL,
  silence_labels      jsonb NOT NULL,
  first_received_at   timestamptz NOT NULL,
  last_received_at    timestamptz NOT NULL,
  deliveries          bigint NOT NULL DEFAULT 1,
  silence_claimed_at  timestamptz,
  silence_id          text,
  silence_until       timestamptz,
  silence_expired_at  timestamptz,
  PRIMARY KEY (source, dedup_key)
);
CREATE INDEX intake_alerts_by_alert ON intake_alerts (alert_id);
CREATE INDEX intake_alerts_firing_by_key ON intake_alerts (rule_id, service)
  WHERE status = 'firing';

-- Each alert of a delivery (an Alertmanager group carries up to hundreds), by its fingerprint.
CREATE TABLE intake_members (
  source       text NOT NULL,
  dedup_key    text NOT NULL,
  fingerprint  text NOT NULL,
  status       text NOT NULL CHECK (status IN ('firing', 'resolved')),
  labels       jsonb NOT NULL,
  annotations  jsonb NOT NULL,
  starts_at    timestamptz,
  ends_at      timestamptz,
  PRIMARY KEY (source, dedup_key, fingerprint),
  FOREIGN KEY (source, dedup_key) REFERENCES intake_alerts (source, dedup_key)
);
