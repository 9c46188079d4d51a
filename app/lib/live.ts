// Live pages: listen to the server's plan-changed events and re-run the loaders (no reload, no lost focus).
import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';

export type LiveState = 'connecting' | 'live' | 'offline';

export function useLiveUpdates(url: string): { state: LiveState; lastEvent: { source: string; at: number } | null } {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<LiveState>('connecting');
  const [lastEvent, setLastEvent] = useState<{ source: string; at: number } | null>(null);

  useEffect(() => {
    const source = new EventSource(url);
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.onopen = () => setState('live');
    source.onerror = () => setState(source.readyState === EventSource.CLOSED ? 'offline' : 'connecting');
    source.addEventListener('plan-changed', (e) => {
      let origin = 'change';
      try {
        origin = (JSON.parse((e as MessageEvent<string>).data) as { source?: string }).source ?? origin;
      } catch {
        /* keep the default */
      }
      setLastEvent({ source: origin, at: Date.now() });
      // Several changes in a burst (a file saved twice, a bulk edit) cost one reload of the data.
      clearTimeout(timer);
      timer = setTimeout(() => revalidate.current(), 80);
    });
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, [url]);

  return { state, lastEvent };
}
