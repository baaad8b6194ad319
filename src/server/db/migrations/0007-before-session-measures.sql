-- A questionnaire can be scheduled before every booked treatment session.
ALTER TABLE measure_schedules DROP CONSTRAINT measure_schedules_cadence_check;
ALTER TABLE measure_schedules ADD CONSTRAINT measure_schedules_cadence_check
  CHECK (cadence IN ('once', 'weekly', 'monthly', 'before-session'));
