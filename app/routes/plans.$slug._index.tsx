// Plan overview: counted summary beside the stated one, progress per phase and section, burndown, weekly
// completions, diagnostics, and the two things a lead may change here: the target date and the encoding repair.
import { json, type ActionFunctionArgs, type AppLoadContext, type LoaderFunctionArgs } from '@remix-run/node';
import { Link, useActionData, useFetcher, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import {
  asDiagnostics,
  computeBurndown,
  eventDeltasByDay,
  eventDeltasByPhase,
  getPlanDiagnostics,
  planProgress,
  type PlanHead,
} from '../lib/queries.server';
import { DiagnosticItem } from '../components/DiagnosticItem';
import { BurndownChart, burndownView, WeeklyChart } from '../components/Charts';
import { ProgressBar } from '../components/ProgressBar';
import { SummaryTable } from '../components/SummaryTable';
import { cachedForPlan, cachedJsonForPlan } from '../lib/cache.server';
import { plural } from '../lib/format';
import { readable } from '../lib/readable.server';
import { planInGit, requirePlan } from '../lib/plan.server';
import { refusalOf, requireCsrf, requireRole } from '../lib/auth.server';
import { CsrfField } from '../components/CsrfField';
import { readStated } from '../lib/stated';
import { handleStructure, menuChoices, structureChoices } from '../lib/structure.server';
import { PlanStructureTools, SectionAddItem, StructureBanner } from '../components/StructureForms';
import { usePlanAbilities } from '../lib/abilities';
import { formOf } from '../lib/form.server';
import { isIsoDate } from '../../parser/index';

const isoDate = z
  .string()
  .trim()
  .refine((s) => s === '' || isIsoDate(s), 'must be a date (YYYY-MM-DD)')
  .transform((s) => (s === '' ? null : s));

/** One schema per form on this page, told apart by `intent`. */
const overviewForms = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('set-dates'), startDate: isoDate, targetDate: isoDate }),
  z.object({
    intent: z.literal('repair-mojibake'),
    confirm: z.literal('yes', { errorMap: () => ({ message: 'Tick the confirmation first.' }) }),
  }),
]);

/** Above this many sections, only the phase named in `?phase=` lists its sections (keeps big plans light). */
const SECTIONS_INLINE = 60;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const search = new URL(request.url).searchParams;
  const view = {
    today: new Date().toISOString().slice(0, 10),
    expanded: search.get('phase'),
    // A line per phase on the burndown, on demand (a link: works without JavaScript).
    perPhase: search.get('lines') === 'phases',
    inGit: await planInGit(context, plan),
  };
  // The page's data as JSON, built once per plan state, day and view (decision 061): shaping it, repairing its
  // text and turning it into JSON was a tenth of a request. The head's fields are in the key because on
  // PostgreSQL the head is read afresh each request while the memo lives on.
  const key = JSON.stringify([view, plan.title, plan.startDate, plan.targetDate, plan.createdAt]);
  return cachedJsonForPlan(context, plan.id, `overview:${key}`, () => overviewData(context, plan, view));
}

/** What the overview shows, as its loader sends it. */
async function overviewData(
  context: AppLoadContext,
  plan: PlanHead,
  { today, expanded, perPhase, inGit }: { today: string; expanded: string | null; perPhase: boolean; inGit: boolean },
) {
  const db = context.tickmark.db;
  const [progress, deltas, findings, choices, phaseDeltas] = await Promise.all([
    cachedForPlan(context, plan.id, 'progress', () => planProgress(db, plan.id)),
    cachedForPlan(context, plan.id, 'deltas', () => eventDeltasByDay(db, plan.id)),
    cachedForPlan(context, plan.id, 'diagnostics', () => getPlanDiagnostics(db, plan.id)),
    cachedForPlan(context, plan.id, 'structure-choices', () => structureChoices(db, plan.id)),
    perPhase ? cachedForPlan(context, plan.id, 'phase-deltas', () => eventDeltasByPhase(db, plan.id)) : null,
  ]);
  const series = (
    d: typeof deltas,
    c: { total: number; cancelled: number; done: number },
    startDate: string | null = plan.startDate,
  ) =>
    computeBurndown(d, {
      today,
      current: { scope: c.total - c.cancelled, done: c.done },
      startDate,
      targetDate: plan.targetDate,
    });
  // A year of daily history folded into the chart's series: the same for every view until the plan or the day
  // changes (a tenth of this page's time on the 10,000-item plan, decision 040).
  const burndown = await cachedForPlan(
    context,
    plan.id,
    `burndown:${today}:${plan.startDate}:${plan.targetDate}`,
    async () => series(deltas, progress.total),
  );
  const listed = progress.outside ? [...progress.phases, progress.outside] : progress.phases;
  // Each phase's line starts where the plan's does, and items outside any phase have a line of their own, so
  // at every day the lines add up to the total.
  const phaseLines = phaseDeltas
    ? listed.map((p) => {
        const { points } = series(phaseDeltas.get(p.key) ?? [], p, burndown.points[0]?.day ?? plan.startDate);
        return {
          key: p.key,
          label: p.number !== null ? `Phase ${p.number}` : p.name,
          points: { day: points.map((q) => q.day), remaining: points.map((q) => q.remaining) },
        };
      })
    : null;
  const diagnostics = asDiagnostics(findings.diagnostics);
  const stated = readStated(findings.stated);
  const sectionCount = listed.reduce((n, p) => n + p.sections.length, 0);
  const inline = sectionCount <= SECTIONS_INLINE;
  const phases = listed.map((p) => ({
    ...p,
    sectionCount: p.sections.length,
    sections: inline || p.key === expanded ? p.sections : [],
  }));
  // Shown text with its mojibake repaired; the structure choices (form values) as they are.
  return {
    ...readable({
      phases,
      inline,
      expanded,
      plan: {
        slug: plan.slug,
        title: plan.title,
        startDate: plan.startDate,
        targetDate: plan.targetDate,
        trackedSince: new Date(plan.createdAt).toISOString().slice(0, 10),
      },
      total: progress.total,
      // What the page shows of the document's own numbers (not its facts).
      stated: {
        lastUpdated: stated.lastUpdated,
        progress: stated.progress,
        summary: stated.summary,
        headingCounts: stated.headingCounts,
      },
      burndown: burndownView(burndown),
      phaseLines,
      perPhase,
      inGit,
      diagnostics: diagnostics.slice(0, 300),
      diagnosticCount: diagnostics.length,
      mojibake: diagnostics.some((d) => d.code.includes('mojibake')),
    }),
    choices: menuChoices(choices, expanded),
  };
}

export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const plan = await requirePlan(context, params.slug);
  const intent = (await formOf(request.clone())).get('intent');
  // Shaping the plan (add item, section, phase …) shares the items page's forms and handler (which checks
  // the form token and the lead's role itself).
  if (intent !== 'set-dates' && intent !== 'repair-mojibake') return handleStructure(request, context, plan);
  const data = Object.fromEntries(await formOf(request));
  // Dates and repairs change the plan itself: a lead's (on this plan), with the session's form token.
  let actor: string;
  try {
    requireCsrf(request, context, data);
    actor = await requireRole(request, context, 'lead', plan.id);
  } catch (error) {
    const refused = await refusalOf(error);
    if (!refused) throw error;
    return json({ ok: false as const, message: refused.message }, { status: refused.status });
  }
  const parsed = overviewForms.safeParse(data);
  if (!parsed.success) {
    return json(
      {
        ok: false as const,
        message: parsed.error.issues.map((i) => `${i.path.join('.') || 'form'}: ${i.message}`).join('; '),
      },
      { status: 400 },
    );
  }
  const form = parsed.data;
  if (form.intent === 'set-dates') {
    if (form.startDate && form.targetDate && form.targetDate <= form.startDate) {
      return json({ ok: false as const, message: 'The target date must come after the start date.' }, { status: 400 });
    }
    // Into the document (sync/ writes it), from where every import reads the dates back: an editor's save keeps them.
    const result = await context.tickmark.setDates(
      plan.slug,
      { startDate: form.startDate, targetDate: form.targetDate },
      { actor },
    );
    if (!result.ok) return json({ ok: false as const, message: result.message }, { status: 409 });
    return json({
      ok: true as const,
      message: result.edits ? 'Dates saved in the plan file.' : 'The plan file already states these dates.',
    });
  }
  const result = await context.tickmark.repairMojibake(plan.slug);
  if (!result.ok) return json({ ok: false as const, message: result.message }, { status: 409 });
  return json({
    ok: true as const,
    message: result.changed ? 'The file was repaired and re-imported.' : 'Nothing to repair: the file has no mojibake.',
  });
}

/** The overview's own address with or without the per-phase lines (keeping an expanded phase). */
function linesLink(base: string, expanded: string | null, perPhase: boolean): string {
  const q = new URLSearchParams();
  if (expanded) q.set('phase', expanded);
  if (perPhase) q.set('lines', 'phases');
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export default function PlanOverview() {
  const {
    plan,
    total,
    phases,
    inline,
    expanded,
    stated,
    burndown,
    phaseLines,
    perPhase,
    inGit,
    diagnostics,
    diagnosticCount,
    mojibake,
    choices,
  } = useLoaderData<typeof loader>();
  // Both forms answer through one fetcher: its data survives the live reloads a change sets off (a page's
  // action data is cleared by any revalidation after the action: the repair's own file change causes one).
  // Without JavaScript the forms post normally and the answer comes as the page's action data.
  const forms = useFetcher<typeof action>({ key: 'plan-overview' });
  const pageAction = useActionData<typeof action>();
  // Structure answers (they carry their intent) show in StructureBanner instead.
  const actionData = forms.data ?? (pageAction && !('intent' in pageAction) ? pageAction : undefined);
  const busy = forms.state !== 'idle';
  // Dates and the encoding repair change the plan itself: their forms are a lead's only.
  const lead = usePlanAbilities().lead;
  const t = total;
  const n = burndown.points.scope.length;
  const last = n
    ? { remaining: burndown.points.scope[n - 1] - burndown.points.done[n - 1], scope: burndown.points.scope[n - 1] }
    : undefined;
  const base = `/plans/${encodeURIComponent(plan.slug)}`;
  return (
    <div className="overview">
      {actionData ? (
        <p
          className={`banner ${actionData.ok ? 'banner-ok' : 'banner-error'}`}
          role={actionData.ok ? 'status' : 'alert'}
        >
          {actionData.message}
        </p>
      ) : null}

      {t.total === 0 ? (
        <section className="card" data-testid="no-items" aria-labelledby="no-items-h">
          <h2 id="no-items-h">No checkbox items in this document</h2>
          <p>
            Tickmark tracks items written as checkboxes (<code>- [ ] **CACHE-001**: Title</code>) or as rows of a task
            table with a checkbox or Status column (<code>| SEC-001 | Move API keys | ✅ DONE |</code>). This document
            has none, so there is nothing to count or tick
            {stated.summary.length ? ' (the “doc” numbers below are what its own tables state)' : ''}.
          </p>
          <p className="muted">
            A document of topic tables — a gap analysis — is a source for a plan: <code>tickmark plan new</code> turns
            it into phases and items, and the Curriculum tab shows how a plan covers it.
          </p>
        </section>
      ) : null}
      <section className="stats" aria-label="Totals">
        <Stat
          label="Done"
          value={`${t.percent}%`}
          detail={`${t.done.toLocaleString('en')} of ${(t.total - t.cancelled).toLocaleString('en')}`}
        />
        <Stat
          label="Remaining"
          value={t.remaining.toLocaleString('en')}
          detail={t.inProgress ? `${t.inProgress} in progress` : 'none in progress'}
        />
        <Stat
          label="Items"
          value={t.total.toLocaleString('en')}
          detail={t.cancelled ? `${t.cancelled} cancelled` : 'counted from the document'}
        />
        <Stat
          label="Diagnostics"
          value={String(diagnosticCount)}
          detail={
            diagnosticCount
              ? plural(diagnostics.filter((d) => d.severity === 'error').length, 'error')
              : 'document is clean'
          }
        />
      </section>

      <section className="card" aria-labelledby="summary-h">
        <h2 id="summary-h">Summary</h2>
        <SummaryTable phases={phases} total={total} stated={stated.summary} headingCounts={stated.headingCounts} />
        {stated.lastUpdated || stated.progress ? (
          <p className="muted small">
            The document says:{' '}
            {stated.lastUpdated ? (
              <>
                last updated <q>{stated.lastUpdated}</q>
              </>
            ) : null}
            {stated.lastUpdated && stated.progress ? '; ' : null}
            {stated.progress ? (
              <>
                progress <q>{stated.progress}</q>
              </>
            ) : null}
            . Tickmark rewrites these on the next change it writes.
          </p>
        ) : null}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="burndown-h">
          <div className="card-head">
            <h2 id="burndown-h">Burndown</h2>
            <span className="muted small">
              {last ? `${last.remaining} remaining` : ''}
              {burndown.range && phases.length > 1 ? (
                <>
                  {' · '}
                  <Link
                    to={linesLink(base, expanded, !perPhase)}
                    preventScrollReset
                    replace
                    data-testid="per-phase-toggle"
                    aria-pressed={perPhase}
                  >
                    {perPhase ? 'Total only' : 'Per phase'}
                  </Link>
                </>
              ) : null}
            </span>
          </div>
          <BurndownChart
            data={burndown}
            phaseLines={phaseLines}
            inGit={inGit}
            trackedSince={plan.trackedSince}
            label={`Burndown: ${last?.remaining ?? 0} of ${last?.scope ?? 0} items remaining${plan.targetDate ? `, target ${plan.targetDate}` : ''}`}
          />
          {lead ? (
            <forms.Form method="post" className="dates-form">
              <CsrfField />
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
          ) : plan.startDate || plan.targetDate ? (
            <p className="muted small" data-testid="plan-dates">
              {plan.startDate ? `Start ${plan.startDate}` : ''}
              {plan.startDate && plan.targetDate ? ' · ' : ''}
              {plan.targetDate ? `Target ${plan.targetDate}` : ''}
            </p>
          ) : null}
        </section>
        <section className="card" aria-labelledby="weekly-h">
          <div className="card-head">
            <h2 id="weekly-h">Completed per week</h2>
          </div>
          <WeeklyChart
            data={burndown.weekly}
            label={`Items completed per week over ${plural(burndown.weekly.length, 'week')}`}
          />
        </section>
      </div>

      <section className="card" aria-labelledby="phases-h">
        <h2 id="phases-h">Phases and sections</h2>
        <StructureBanner />
        <PlanStructureTools action={`${base}?index`} choices={choices} />
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
                        <SectionAddItem
                          action={`${base}?index`}
                          to={`section:${s.key}`}
                          label={s.number ? `${s.number} ${s.title}` : s.title}
                          nextId={choices.sections.find((c) => c.key === s.key)?.nextId}
                        />
                      </li>
                    ))}
                  </ul>
                ) : p.sectionCount > 0 ? (
                  <p className="section-more">
                    <Link to={`?phase=${encodeURIComponent(p.key)}#phases-h`} preventScrollReset>
                      Show its {p.sectionCount} sections
                    </Link>
                  </p>
                ) : p.key ? (
                  <div className="section-list phase-add">
                    <SectionAddItem
                      action={`${base}?index`}
                      to={`phase:${p.key}`}
                      label={p.name}
                      nextId={choices.phases.find((c) => c.key === p.key)?.nextId}
                    />
                  </div>
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
                <DiagnosticItem
                  key={i}
                  d={d}
                  position={d.line !== null ? `line ${d.line}${d.column !== null ? `:${d.column}` : ''}` : ''}
                />
              ))}
            </ul>
            {diagnosticCount > diagnostics.length ? (
              <p className="muted small">…and {diagnosticCount - diagnostics.length} more.</p>
            ) : null}
          </>
        )}
        {mojibake && lead ? (
          <details className="repair">
            <summary>Repair the text encoding…</summary>
            <p>
              This document contains mojibake: UTF-8 text that was once read as Windows-1252 (<code>âœ…</code> instead
              of <code>✅</code>). Repairing rewrites only those characters in the file, the same as{' '}
              <code>tickmark doctor --fix</code>.
            </p>
            <forms.Form method="post" className="repair-form">
              <CsrfField />
              <input type="hidden" name="intent" value="repair-mojibake" />
              <label className="check">
                <input type="checkbox" name="confirm" value="yes" required /> I understand the file on disk will be
                rewritten.
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
