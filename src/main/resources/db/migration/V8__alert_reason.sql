-- Why an alert fired ("connection refused"): kept with its value and threshold so that an alert
-- picked up after a restart still says why, in its summary and in the parent message's edits.
ALTER TABLE alerts ADD COLUMN reason text;
