-- Every probe result, kept 7 days (the retention is configurable): status, latency and, for
-- endpoints that read JSON fields (AUREA's usage and scheduler), those fields.
CREATE TABLE probe_samples (
  at          timestamptz NOT NULL,
  subject     text NOT NULL,
  check_name  text NOT NULL,
  status      char(1) NOT NULL CHECK (status IN ('U', 'D', 'X')),  -- up, degraded, down
  latency_ms  integer NOT NULL,
  fields      jsonb
);

-- Rolling up an hour and pruning read by time; BRIN suits rows that arrive in time order and is
-- tiny next to a B-tree over millions of rows.
CREATE INDEX probe_samples_at ON probe_samples USING brin (at);
-- The digest reads AUREA's fields over a day: only the few rows that carry fields are indexed.
CREATE INDEX probe_samples_fields ON probe_samples (subject, check_name, at)
  WHERE fields IS NOT NULL;

-- One row per target and hour, kept 90 days: counts by status and a latency histogram whose
-- buckets add up across hours, so a day's or a week's percentiles come from 24 or 168 rows.
CREATE TABLE probe_hourly (
  hour             timestamptz NOT NULL,
  subject          text NOT NULL,
  check_name       text NOT NULL,
  samples          integer NOT NULL,
  up               integer NOT NULL,
  degraded         integer NOT NULL,
  down             integer NOT NULL,
  latency_sum_ms   bigint NOT NULL,
  latency_max_ms   integer NOT NULL,
  p50_ms           integer NOT NULL,     -- exact within the hour (the chart draws these)
  p99_ms           integer NOT NULL,
  bucket_ids       smallint[] NOT NULL,  -- latency bucket i holds [1.25^i, 1.25^(i+1)) ms
  bucket_counts    integer[] NOT NULL,
  PRIMARY KEY (hour, subject, check_name)
);

-- One digest per channel and local day, across restarts and replicas: the row is claimed before
-- the digest is built and marked sent once it is in the outbox; a claim whose replica died is
-- taken over after its lease.
CREATE TABLE digest_runs (
  channel        text NOT NULL,
  day            date NOT NULL,
  scheduled_for  timestamptz NOT NULL,
  state          text NOT NULL CHECK (state IN ('claimed', 'enqueued', 'skipped')),
  claimed_at     timestamptz NOT NULL,
  claimed_by     text NOT NULL,
  late           boolean NOT NULL DEFAULT false,
  PRIMARY KEY (channel, day)
);

-- The digest counts alerts fired, acknowledged and resolved in a period.
CREATE INDEX alerts_fired_at ON alerts (fired_at);
CREATE INDEX alerts_resolved_at ON alerts (resolved_at);
