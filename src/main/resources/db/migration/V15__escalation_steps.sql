-- Escalation policies page step by step; each step is decided under the alert's row lock, from
-- these columns, by whichever replica's timer comes first, so every step is paged once and a
-- replica that stops between two steps does not stop the next one.
--   escalation_step        the steps paged so far (0: none yet)
--   escalation_repeats     the repeats of the last step paged so far
--   escalation_due_at      when the next page is due; NULL before the first step (due at fired_at
--                          plus its after) and once the policy is exhausted
--   escalation_resumed_at  when a snooze last ended: the next step waits its after again from then
-- The defaults keep a replica on the previous version working during a rolling upgrade.
ALTER TABLE alerts ADD COLUMN escalation_step integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalation_repeats integer NOT NULL DEFAULT 0;
ALTER TABLE alerts ADD COLUMN escalation_due_at timestamptz;
ALTER TABLE alerts ADD COLUMN escalation_resumed_at timestamptz;
-- Every replica's timer looks for the firing alerts every few seconds.
CREATE INDEX alerts_firing ON alerts (id) WHERE state = 'firing';
