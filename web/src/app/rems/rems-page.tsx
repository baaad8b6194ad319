import { PageHeader } from '../../components/page-header.tsx';
import { can } from '../../permissions.ts';
import { useSession } from '../../session.tsx';
import { FormsDashboard } from './forms-dashboard.tsx';
import { MonitoringFormPage } from './monitoring-form-page.tsx';
import { SaeList } from './sae-list.tsx';

/** REMS monitoring forms due and serious adverse events; one session's form at /app/rems/:sessionId. */
export function RemsPage({ sessionId }: { sessionId?: string | undefined }) {
  const { me } = useSession();
  if (!me) return null;
  if (sessionId) return <MonitoringFormPage sessionId={sessionId} />;
  return (
    <div className="stack">
      <PageHeader title="REMS forms and serious adverse events" />
      <p>
        Ketaflow prepares the SPRAVATO REMS Patient Monitoring Form from each signed esketamine session note.
        It does not submit it: submit it at SPRAVATOrems.com or by fax within 7 days of the session, then mark
        it submitted here.
      </p>
      {can(me, 'rems:forms') ? <FormsDashboard /> : null}
      {can(me, 'safety:report') ? <SaeList /> : null}
    </div>
  );
}
