import { useCallback, useEffect, useRef, useState } from "react";

/** Load now and again every `everyMs` (new messages appear without reloading). */
export function usePolling<T>(load: () => Promise<T>, everyMs: number, deps: unknown[]) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);
  const loadRef = useRef(load);
  loadRef.current = load;
  const refresh = useCallback(() => {
    loadRef.current().then(
      (value) => { setData(value); setError(null); },
      (reason: Error) => setError(reason.message),
    );
  }, []);
  useEffect(() => {
    refresh();
    const timer = window.setInterval(refresh, everyMs);
    return () => window.clearInterval(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);
  return { data, error, refresh };
}
