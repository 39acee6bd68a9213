-- Exactly once in chat when a send's outcome is unknown, and fast recovery after a crash.
-- in_doubt: the last attempt to send this item started and ended without a definite answer (a
-- timeout, a connection lost after the request was written, a crash in flight). Before sending it
-- again, the chat sender looks for the copy the platform may already have taken.
-- claimed_by: the replica whose worker holds the item now; it renews the short lease
-- (next_attempt_at) while the send is in flight and hands the item back when it stops.
ALTER TABLE outbox
  ADD COLUMN in_doubt boolean NOT NULL DEFAULT false,
  ADD COLUMN claimed_by text;
