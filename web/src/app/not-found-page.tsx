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

export function ForbiddenPage() {
  return (
    <>
      <PageHeader title="Not available to your role" />
      <p>
        This page is for clinic administrators. <Link to="/app/">Go to the home page</Link>.
      </p>
    </>
  );
}
