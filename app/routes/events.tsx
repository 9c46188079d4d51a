// Server-sent events for every plan (the plans index listens here).
import type { LoaderFunctionArgs } from '@remix-run/node';
import { planEventStream } from '../lib/sse.server';

export function loader({ request, context }: LoaderFunctionArgs) {
  return planEventStream(request, context, () => true);
}
