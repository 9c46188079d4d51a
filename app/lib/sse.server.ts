// Server-sent events: one stream per open page, fed by the in-process plan-changed notifications.
// A comment line every 15 s keeps proxies from closing an idle stream.
import type { AppLoadContext } from '@remix-run/node';
import type { PlanChangedEvent } from '../context';

export function planEventStream(
  request: Request,
  context: AppLoadContext,
  accept: (event: PlanChangedEvent) => boolean,
): Response {
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send('retry: 1000\n\n');
      const unsubscribe = context.tickmark.onPlanChanged((event) => {
        if (!accept(event)) return;
        send(`event: plan-changed\ndata: ${JSON.stringify(event)}\n\n`);
      });
      const ping = setInterval(() => send(': ping\n\n'), 15_000);
      cleanup = () => {
        clearInterval(ping);
        unsubscribe();
        cleanup = () => {};
      };
      request.signal.addEventListener('abort', () => {
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed */
        }
      });
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    },
  });
}
