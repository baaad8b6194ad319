import { type FormEvent, useId, useState } from 'react';
import { BOOKING_STATUS_LABELS, type Booking, ROUTE_LABELS, scheduleApi } from '../../api/schedule.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextAreaField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';
import { Link } from '../../router.ts';
import { SessionLink } from './session-link.tsx';
import { phaseName, useBookableProtocols } from './session-types.ts';
import { formatLocal, localTime } from './zoned-time.ts';

type Action = 'cancel' | 'no-show' | 'complete';

// Without the protocol list the phase is shown by its id; that is no reason to hide the booking.
const showPhaseIdsOnError = () => {};

/** One booking, and what may still happen to it: cancel (with the reason), no-show or completed. */
export function BookingDialog({
  booking,
  canBook,
  onClose,
}: {
  booking: Booking | null;
  canBook: boolean;
  onClose: (changed: Booking | null) => void;
}) {
  const titleId = useId();
  return (
    <Modal
      open={booking !== null}
      labelledBy={titleId}
      onDismiss={() => onClose(null)}
      className="modal-wide"
    >
      {booking ? (
        <BookingDetails titleId={titleId} booking={booking} canBook={canBook} onClose={onClose} />
      ) : null}
    </Modal>
  );
}

export function bookingSummary(b: Booking): string {
  return `${b.patientName}, ${localTime(b.localStart)}–${localTime(b.localEnd)}, ${ROUTE_LABELS[b.route]}, ${BOOKING_STATUS_LABELS[b.status]}`;
}

function BookingDetails({
  titleId,
  booking,
  canBook,
  onClose,
}: {
  titleId: string;
  booking: Booking;
  canBook: boolean;
  onClose: (changed: Booking | null) => void;
}) {
  const [action, setAction] = useState<Action | null>(null);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const started = new Date(booking.startsAt).getTime() <= Date.now();
  const protocols = useBookableProtocols(showPhaseIdsOnError);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!action) return;
    setBusy(true);
    setError(null);
    try {
      const changed =
        action === 'cancel'
          ? await scheduleApi.cancel(booking.id, reason)
          : action === 'no-show'
            ? await scheduleApi.noShow(booking.id, reason)
            : await scheduleApi.complete(booking.id);
      onClose(changed);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = fieldErrorsOf(error);
  return (
    <div className="stack">
      <h2 id={titleId}>Session for {booking.patientName}</h2>
      <dl className="facts">
        <div>
          <dt>Patient</dt>
          <dd>
            <Link to={`/app/patients/${booking.patientId}/bookings`}>
              {booking.patientName} ({booking.mrn})
            </Link>
          </dd>
        </div>
        <div>
          <dt>When</dt>
          <dd>
            {formatLocal(booking.localStart)}–{localTime(booking.localEnd)} ({booking.timeZone}),{' '}
            {booking.durationMin} minutes
          </dd>
        </div>
        <div>
          <dt>Where</dt>
          <dd>
            {booking.chairName}, {booking.locationName}
          </dd>
        </div>
        <div>
          <dt>Session type</dt>
          <dd>
            {ROUTE_LABELS[booking.route]}, {phaseName(protocols, booking.protocolId, booking.phaseId)}
          </dd>
        </div>
        <div>
          <dt>Ride home</dt>
          <dd>
            {booking.driverName}, {booking.driverPhone}{' '}
            {booking.rideHomeSource === 'patient-record'
              ? '(from the patient’s record)'
              : '(entered at booking)'}
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <span className={`badge booking-status-${booking.status}`}>
              {BOOKING_STATUS_LABELS[booking.status]}
            </span>
            {booking.cancellationReason ? ` — ${booking.cancellationReason}` : ''}
            {booking.noShowReason ? ` — ${booking.noShowReason}` : ''}
          </dd>
        </div>
      </dl>
      <div className="actions">
        <SessionLink booking={booking} className="button" />
      </div>
      {canBook && booking.status === 'booked' ? (
        action ? (
          <form onSubmit={submit} noValidate className="stack">
            <ErrorAlert error={error} fieldsShown={['reason']} />
            {action === 'complete' ? (
              <p>Mark this session as completed?</p>
            ) : (
              <TextAreaField
                label={action === 'cancel' ? 'Reason for cancelling' : 'Reason for the no-show'}
                rows={2}
                maxLength={500}
                value={reason}
                onChange={setReason}
                error={errors.reason}
              />
            )}
            <div className="actions">
              <button
                type="submit"
                className={`button${action === 'complete' ? '' : ' button-danger'}`}
                disabled={busy}
              >
                {action === 'cancel'
                  ? 'Cancel booking'
                  : action === 'no-show'
                    ? 'Record no-show'
                    : 'Mark completed'}
              </button>
              <button type="button" className="button button-secondary" onClick={() => setAction(null)}>
                Back
              </button>
            </div>
          </form>
        ) : (
          <div className="actions">
            <button type="button" className="button button-secondary" onClick={() => setAction('cancel')}>
              Cancel this booking…
            </button>
            {started ? (
              <>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setAction('no-show')}
                >
                  Record no-show…
                </button>
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => setAction('complete')}
                >
                  Mark completed…
                </button>
              </>
            ) : (
              <p className="hint">No-show and completed can be recorded once the session has started.</p>
            )}
          </div>
        )
      ) : null}
      <div className="actions">
        <button type="button" className="button button-secondary" onClick={() => onClose(null)}>
          Close
        </button>
      </div>
    </div>
  );
}
