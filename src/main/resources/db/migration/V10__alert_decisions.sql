-- Decisions that time makes about an alert (escalating it, ending a snooze) are taken under the
-- alert's row lock in the transaction that enqueues their messages, so that every replica sees
-- them at once: when it was escalated, and who snoozed it (shown after a restart or on another
-- replica). Both nullable with no default, so a replica still on the previous version keeps working
-- during a rolling upgrade.
ALTER TABLE alerts ADD COLUMN escalated_at timestamptz;
ALTER TABLE alerts ADD COLUMN snoozed_by text;
