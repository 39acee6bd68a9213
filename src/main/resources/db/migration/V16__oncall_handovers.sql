-- Each hand-over of a schedule, once: the row and the post announcing it are inserted in one
-- transaction, so two replicas seeing the same shift change post it once, and a restart does not
-- post it again. posted is false for a hand-over that was recorded too late to announce (opsbot was
-- down when it happened, or it is the shift running when a schedule is first seen).
CREATE TABLE oncall_handovers (
  schedule     text NOT NULL,
  shift_start  timestamptz NOT NULL,
  person       text NOT NULL,
  previous     text,
  posted       boolean NOT NULL,
  recorded_at  timestamptz NOT NULL,
  recorded_by  text NOT NULL,
  PRIMARY KEY (schedule, shift_start)
);
