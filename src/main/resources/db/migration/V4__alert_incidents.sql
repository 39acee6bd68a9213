-- Alerts of one rule that fire close together share one parent message (an incident): the id of
-- the alert whose message it is, and the channel it was posted in, so a restart keeps both.
ALTER TABLE alerts ADD COLUMN incident_id bigint REFERENCES alerts (id);
ALTER TABLE alerts ADD COLUMN channel text;

-- Messages of one thread are sent in order: a claim looks for earlier pending ones of its parent.
CREATE INDEX outbox_pending_by_parent ON outbox (parent_key, id) WHERE state = 'pending';

-- An edit of a message that a later edit of the same message replaces before either was sent is
-- never sent: the later one carries the whole message (an alert storm edits one parent often).
ALTER TABLE outbox DROP CONSTRAINT outbox_state_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_state_check
  CHECK (state IN ('pending', 'sent', 'failed', 'superseded'));
