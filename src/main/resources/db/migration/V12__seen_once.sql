-- What must be accepted once across every replica for a while (a signed Slack request within its
-- five-minute window): a SHA-256 of it, and until when it is kept. Rows past keep_until are deleted.
CREATE TABLE seen_once (
  kind        text NOT NULL,
  digest      bytea NOT NULL,
  keep_until  timestamptz NOT NULL,
  PRIMARY KEY (kind, digest)
);

CREATE INDEX seen_once_expiry ON seen_once (keep_until);
