-- A DOWN alert of a service whose dependency is down is folded into the dependency's alert: shown
-- in its thread, never paged for on its own. folded_into names that alert; it is cleared (and the
-- alert given a thread of its own) once the dependency's alert is resolved and this one is not.
ALTER TABLE alerts ADD COLUMN folded_into bigint REFERENCES alerts (id);
CREATE INDEX alerts_folded_into ON alerts (folded_into) WHERE folded_into IS NOT NULL;
