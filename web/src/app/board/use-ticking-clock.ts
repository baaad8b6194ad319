import { useEffect, useState } from 'react';

/** The time now, on the server's clock (`skewMs` ahead of this browser's), renewed every second. */
export function useTickingClock(skewMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now + skewMs;
}
