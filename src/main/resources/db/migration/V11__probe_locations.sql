-- The latest verdict each location (one per replica, probe.location) has on each target. Replicas
-- read each other's rows to decide by quorum whether a target is down; a row older than a few
-- probe intervals belongs to a location that stopped probing and no longer counts.
CREATE TABLE probe_locations (
  subject     text NOT NULL,
  check_name  text NOT NULL,
  location    text NOT NULL,
  kind        text NOT NULL,
  status      char(1) NOT NULL CHECK (status IN ('U', 'D', 'X')),  -- up, degraded, down
  reason      text NOT NULL,
  at          timestamptz NOT NULL,
  PRIMARY KEY (subject, check_name, location)
);
