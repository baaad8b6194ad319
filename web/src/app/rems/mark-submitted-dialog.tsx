import { useId, useState } from 'react';
import { type RemsForm, remsApi } from '../../api/rems.ts';
import { ErrorAlert, fieldErrorsOf } from '../../components/error-alert.tsx';
import { TextField } from '../../components/field.tsx';
import { Modal } from '../../components/modal.tsx';

/** Staff record that they submitted the form themselves: when, and the confirmation number if any. */
export function MarkSubmittedDialog({
  sessionId,
  patientName,
  onDone,
  onCancel,
}: {
  sessionId: string;
  patientName: string;
  onDone: (form: RemsForm) => void;
  onCancel: () => void;
}) {
  const titleId = useId();
  const [confirmation, setConfirmation] = useState('');
  const [when, setWhen] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const fields = fieldErrorsOf(error);

  const submit = async () => {
    setBusy(true);
    try {
      const body: { submittedAt?: string; confirmationNumber?: string | null } = {
        confirmationNumber: confirmation.trim() || null,
      };
      if (when) body.submittedAt = new Date(when).toISOString();
      onDone(await remsApi.markSubmitted(sessionId, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open labelledBy={titleId} onDismiss={onCancel}>
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <h2 id={titleId}>Mark the form submitted: {patientName}</h2>
        <p>Record that you submitted it at SPRAVATOrems.com or by fax. Ketaflow does not send it.</p>
        <ErrorAlert error={error} fieldsShown={['confirmationNumber', 'submittedAt']} />
        <TextField
          label="Confirmation number"
          optional
          value={confirmation}
          onChange={setConfirmation}
          error={fields.confirmationNumber}
          maxLength={100}
        />
        <TextField
          label="Submitted at"
          hint="Leave empty for now."
          optional
          type="datetime-local"
          value={when}
          onChange={setWhen}
          error={fields.submittedAt}
        />
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            Record submission
          </button>
          <button type="button" className="button button-secondary" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
    </Modal>
  );
}
