-- Alerts of one rule that fire close together share one parent message (an incident): the id of
-- the alert whose message it is, and the channel it was posted in, so a restart keeps both.
ALTER TABLE alerts ADD COLUMN incident_id bigint REFERENCES alerts (id);
ALTER TABLE alerts ADD COLUMN channel text;

-- Messages of one thread are sent in order: a claim looks for earlier pending ones of its parent.
CREATE INDEX outbox_pending_by_parent ON outbox (parent_key, id) WHERE state = 'pending';
