// Plan overview: counted summary beside the stated one, progress per phase and section, burndown, weekly
// completions, diagnostics, and the two things a lead may change here: the target date and the encoding repair.
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { asDiagnostics, computeBurndown, eventDeltasByDay, planProgress, setPlanDates } from '../lib/queries.server';
import { BurndownChart, WeeklyChart } from '../components/Charts';
import { ProgressBar } from '../components/ProgressBar';
import { SummaryTable } from '../components/SummaryTable';
import { cachedForPlan } from '../lib/cache.server';
import { plural } from '../lib/format';
import { requirePlan } from '../lib/plan.server';
import { readStated } from '../lib/stated';

const isoDate = z
  .string()
  .trim()
  .refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(s))), 'must be a date (YYYY-MM-DD)')
  .transform((s) => (s === '' ? null : s));

/** One schema per form on this page, told apart by `intent`. */
const overviewForms = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('set-dates'), startDate: isoDate, targetDate: isoDate }),
  z.object({ intent: z.literal('repair-mojibake'), confirm: z.literal('yes', { errorMap: () => ({ message: 'Tick the confirmation first.' }) }) }),
]);

/** Above this many sections, only the phase named in `?phase=` lists its sections (keeps big plans light). */
const SECTIONS_INLINE = 60;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const expanded = new URL(request.url).searchParams.get('phase');
  const db = context.tickmark.db;
  const [progress, deltas] = await Promise.all([
    cachedForPlan(context, plan.id, 'progress', () => planProgress(db, plan.id)),
    cachedForPlan(context, plan.id, 'deltas', () => eventDeltasByDay(db, plan.id)),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const burndown = computeBurndown(deltas, {
    today,
    current: { scope: progress.total.total - progress.total.cancelled, done: progress.total.done },
    startDate: plan.startDate,
    targetDate: plan.targetDate,
  });
  const diagnostics = asDiagnostics(plan.diagnostics);
  const listed = progress.outside ? [...progress.phases, progress.outside] : progress.phases;
  const sectionCount = listed.reduce((n, p) => n + p.sections.length, 0);
  const inline = sectionCount <= SECTIONS_INLINE;
  const phases = listed.map((p) => ({
    ...p,
    sectionCount: p.sections.length,
    sections: inline || p.key === expanded ? p.sections : [],
  }));
  return json({
    phases,
    inline,
    expanded,
    plan: { slug: plan.slug, title: plan.title, startDate: plan.startDate, targetDate: plan.targetDate },
    total: progress.total,
    stated: readStated(plan.stated),
    burndown,
    diagnostics: diagnostics.slice(0, 300),
    diagnosticCount: diagnostics.length,
    mojibake: diagnostics.some((d) => d.code.includes('mojibake')),
  });
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const plan = await requirePlan(context, params.slug);
  const parsed = overviewForms.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) {
    return json({ ok: false as const, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; ') }, { status: 400 });
  }
  const form = parsed.data;
  if (form.intent === 'set-dates') {
    if (form.startDate && form.targetDate && form.targetDate <= form.startDate) {
      return json({ ok: false as const, message: 'The target date must come after the start date.' }, { status: 400 });
    }
    await setPlanDates(context.tickmark.db, plan.id, { startDate: form.startDate, targetDate: form.targetDate });
    return redirect(`/plans/${encodeURIComponent(plan.slug)}`, 303);
  }
  const result = await context.tickmark.repairMojibake(plan.slug);
  if (!result.ok) return json({ ok: false as const, message: result.message }, { status: 409 });
  return json({
    ok: true as const,
    message: result.changed ? 'The file was repaired and re-imported.' : 'Nothing to repair: the file has no mojibake.',
  });
}

export default function PlanOverview() {
  const { plan, total, phases, inline, expanded, stated, burndown, diagnostics, diagnosticCount, mojibake } =
    useLoaderData<typeof loader>();
  // Both forms answer through one fetcher: its data survives the live reloads a change sets off (a page's
  // action data is cleared by any revalidation after the action: the repair's own file change causes one).
  // Without JavaScript the forms post normally and the answer comes as the page's action data.
  const forms = useFetcher<typeof action>({ key: 'plan-overview' });
  const pageAction = useActionData<typeof action>();
  const actionData = forms.data ?? pageAction;
  const busy = forms.state !== 'idle';
  const t = total;
  const last = burndown.points.at(-1);
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  return (
    <div className="overview">
      {actionData ? (
        <p className={`banner ${actionData.ok ? 'banner-ok' : 'banner-error'}`} role={actionData.ok ? 'status' : 'alert'}>
          {actionData.message}
        </p>
      ) : null}

      <section className="stats" aria-label="Totals">
        <Stat label="Done" value={`${t.percent}%`} detail={`${t.done.toLocaleString('en')} of ${(t.total - t.cancelled).toLocaleString('en')}`} />
        <Stat label="Remaining" value={t.remaining.toLocaleString('en')} detail={t.inProgress ? `${t.inProgress} in progress` : 'none in progress'} />
        <Stat label="Items" value={t.total.toLocaleString('en')} detail={t.cancelled ? `${t.cancelled} cancelled` : 'counted from the document'} />
        <Stat
          label="Diagnostics"
          value={String(diagnosticCount)}
          detail={diagnosticCount ? `${diagnostics.filter((d) => d.severity === 'error').length} errors` : 'document is clean'}
        />
      </section>

      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <SummaryTable phases={phases} total={total} stated={stated.summary} headingCounts={stated.headingCounts} />
        {stated.lastUpdated || stated.progress ? (
          <p className="muted small">
            The document says: {stated.lastUpdated ? <>last updated <q>{stated.lastUpdated}</q></> : null}
            {stated.lastUpdated && stated.progress ? '; ' : null}
            {stated.progress ? <>progress <q>{stated.progress}</q></> : null}. Tickmark rewrites these on the next change it writes.
          </p>
        ) : null}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="burndown-h">
          <div className="card-head">
            <h2 id="burndown-h">Burndown</h2>
            <span className="muted small">{last ? `${last.remaining} remaining` : ''}</span>
          </div>
          <BurndownChart
            data={burndown}
            label={`Burndown: ${last?.remaining ?? 0} of ${last?.scope ?? 0} items remaining${plan.targetDate ? `, target ${plan.targetDate}` : ''}`}
          />
          <forms.Form method="post" className="dates-form">
            <input type="hidden" name="intent" value="set-dates" />
            <label>
              Start
              <input type="date" name="startDate" defaultValue={plan.startDate ?? ''} />
            </label>
            <label>
              Target
              <input type="date" name="targetDate" defaultValue={plan.targetDate ?? ''} />
            </label>
            <button type="submit" className="button" disabled={busy}>
              Save dates
            </button>
          </forms.Form>
        </section>
        <section className="card" aria-labelledby="weekly-h">
          <div className="card-head">
            <h2 id="weekly-h">Completed per week</h2>
          </div>
          <WeeklyChart data={burndown.weekly} label={`Items completed per week over ${plural(burndown.weekly.length, 'week')}`} />
        </section>
      </div>

      <section className="card" aria-labelledby="phases-h">
        <h2 id="phases-h">Phases and sections</h2>
        <ul className="phase-list">
          {phases.map((p) => (
            <li key={p.key || 'none'}>
              <details open={inline ? phases.length <= 4 : p.key === expanded}>
                <summary>
                  <span className="phase-name">
                    {p.number !== null ? `Phase ${p.number}: ` : ''}
                    {p.name}
                    {p.statusMarker ? <span className="muted"> {p.statusMarker}</span> : null}
                  </span>
                  <span className="phase-count muted">
                    {p.done}/{p.total - p.cancelled}
                  </span>
                  <ProgressBar counts={p} label={`${p.name} progress`} size="sm" />
                </summary>
                {p.sections.length > 0 ? (
                  <ul className="section-list">
                    {p.sections.map((s) => (
                      <li key={s.key}>
                        <Link to={`${base}/items?section=${encodeURIComponent(s.key)}`} className="section-name">
                          {s.number ? <span className="mono">{s.number}</span> : null} {s.title}
                        </Link>
                        <span className="phase-count muted">
                          {s.done}/{s.total - s.cancelled}
                        </span>
                        <ProgressBar counts={s} label={`${s.title} progress`} size="sm" />
                      </li>
                    ))}
                  </ul>
                ) : p.sectionCount > 0 ? (
                  <p className="section-more">
                    <Link to={`?phase=${encodeURIComponent(p.key)}#phases-h`} preventScrollReset>
                      Show its {p.sectionCount} sections
                    </Link>
                  </p>
                ) : null}
              </details>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="diag-h">
        <h2 id="diag-h">Diagnostics</h2>
        {diagnosticCount === 0 ? (
          <p className="muted">The parser found nothing to report.</p>
        ) : (
          <>
            <ul className="diagnostics" data-testid="diagnostics">
              {diagnostics.map((d, i) => (
                <li key={i} className={`diag diag-${d.severity}`}>
                  <span className={`sev sev-${d.severity}`}>{d.severity}</span>
                  <span className="mono diag-pos">{d.line !== null ? `line ${d.line}${d.column !== null ? `:${d.column}` : ''}` : ''}</span>
                  <span className="diag-msg">{d.message}</span>
                  <span className="mono muted diag-code">{d.code}</span>
                </li>
              ))}
            </ul>
            {diagnosticCount > diagnostics.length ? <p className="muted small">…and {diagnosticCount - diagnostics.length} more.</p> : null}
          </>
        )}
        {mojibake ? (
          <details className="repair">
            <summary>Repair the text encoding…</summary>
            <p>
              This document contains mojibake: UTF-8 text that was once read as Windows-1252 (<code>âœ…</code> instead of{' '}
              <code>✅</code>). Repairing rewrites only those characters in the file, the same as <code>tickmark doctor --fix</code>.
            </p>
            <forms.Form method="post" className="repair-form">
              <input type="hidden" name="intent" value="repair-mojibake" />
              <label className="check">
                <input type="checkbox" name="confirm" value="yes" required /> I understand the file on disk will be rewritten.
              </label>
              <button type="submit" className="button button-danger" disabled={busy}>
                Repair file
              </button>
            </forms.Form>
          </details>
        ) : null}
      </section>
    </div>
  );
}

function Stat({ label, value, detail }: { label: string; value: string; detail: string }) {
  return (
    <div className="stat">
      <div className="stat-label">{label}</div>
      <div className="stat-value">{value}</div>
      <div className="stat-detail muted">{detail}</div>
    </div>
  );
}
