// Which controls a page shows: the plan frame's loader (routes/plans.$slug.tsx) says what the signed-in
// identity may do on the plan (abilitiesOf in auth.server.ts), and the controls ask here. A viewer sees the
// plan read-only; a contributor sees status controls but no structure forms. The actions check again.
import { useRouteLoaderData } from '@remix-run/react';
import type { Role } from '../context';

export interface Abilities {
  /** The identity's role on this plan (a per-plan role replaces the global one); null: nobody signed in. */
  role: Role | null;
  /** May change statuses and add notes. */
  contribute: boolean;
  /** May edit structure, dates, plans and sources. */
  lead: boolean;
}

const NONE: Abilities = { role: null, contribute: false, lead: false };

/** What the identity may do on the plan whose page this is (nothing outside a plan's pages). */
export function usePlanAbilities(): Abilities {
  const frame = useRouteLoaderData<{ can?: Abilities }>('routes/plans.$slug');
  return frame?.can ?? NONE;
}
