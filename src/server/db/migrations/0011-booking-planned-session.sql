-- A booking that carries out a plan's session now points at it for real: both tables exist (0005, 0006).
-- The key is composite with org_id like every other, so a booking cannot name another clinic's session.
ALTER TABLE bookings
  ADD CONSTRAINT bookings_planned_session_fk
  FOREIGN KEY (org_id, planned_session_id) REFERENCES planned_sessions (org_id, id);

-- One live booking per planned session: cancelled and no-show bookings free it to be booked again.
CREATE UNIQUE INDEX bookings_planned_session_once ON bookings (planned_session_id)
  WHERE planned_session_id IS NOT NULL AND status IN ('booked', 'completed');
