// Which phases fit before a target date at a weekly capacity: phases are worked in order, so each finishes
// when the items of every phase up to it are done. The cut line falls after the last phase that fits.

export interface PhaseLoad {
  name: string;
  /** Open items (not done, not cancelled). */
  remaining: number;
}

export interface PhaseFit extends PhaseLoad {
  /** Items still to do up to and including this phase. */
  cumulative: number;
  /** The day the phase is expected done (YYYY-MM-DD), at the capacity from `today`. */
  finishes: string;
  /** Finishes on or before the target (true when there is no target). */
  fits: boolean;
}

export interface CapacityFit {
  perWeek: number;
  phases: PhaseFit[];
  /** Index of the last phase that fits (the cut line falls below it), -1 when none does. */
  cutAfter: number;
}

/** Items done per week over the last `weeks` full weeks before `today`, from completion dates. */
export function measuredThroughput(doneDates: readonly string[], today: string, weeks = 4): number {
  const from = addDays(today, -7 * weeks);
  const recent = doneDates.filter((d) => d >= from && d < today).length;
  return Math.round((recent / weeks) * 10) / 10;
}

export function fitPhases(
  phases: readonly PhaseLoad[],
  perWeek: number,
  today: string,
  target: string | null,
): CapacityFit {
  let cumulative = 0;
  let cutAfter = -1;
  const fitted = phases.map((p, i) => {
    cumulative += p.remaining;
    const days = perWeek > 0 ? Math.ceil((cumulative / perWeek) * 7) : Infinity;
    const finishes = Number.isFinite(days) ? addDays(today, days) : '';
    const fits = Number.isFinite(days) && (target === null || finishes <= target);
    if (fits && cutAfter === i - 1) cutAfter = i;
    return { ...p, cumulative, finishes, fits };
  });
  return { perWeek, phases: fitted, cutAfter };
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
