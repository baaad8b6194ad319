import { PageHeader } from '../components/page-header.tsx';
import { Link } from '../router.ts';

export function NotFoundPage() {
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is nothing at this address. <Link to="/app/">Go to the home page</Link>.
      </p>
    </>
  );
}

export function ForbiddenPage({ reason = 'This page is for clinic administrators.' }: { reason?: string }) {
  return (
    <>
      <PageHeader title="Not available to your role" />
      <p>
        {reason} <Link to="/app/">Go to the home page</Link>.
      </p>
    </>
  );
}
