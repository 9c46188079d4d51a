// Curriculum tab: how the plan covers its source documents (gap analyses in the plans folder), both ways,
// and which phases fit before the target date at a weekly capacity (given here, or measured).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node';
import { Form, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { AddTopicButton, StructureBanner } from '../components/StructureForms';
import { CsrfField } from '../components/CsrfField';
import { LinkForm } from '../components/CurriculumForms';
import { usePlanAbilities } from '../lib/abilities';
import { handleCurriculum, type CurriculumActionData } from '../lib/curriculum.server';
import { eventDeltasByDay, planProgress } from '../lib/queries.server';
import { fitPhases, measuredThroughput, unplannedTopics } from '../../parser/index';
import { requirePlan } from '../lib/plan.server';
import { plural } from '../lib/format';

/** Lists longer than this show their first rows only (the CLI's `tickmark coverage` prints all). */
const LIST_LIMIT = 200;

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const plan = await requirePlan(context, params.slug);
  const db = context.tickmark.db;
  const [coverage, progress, deltas] = await Promise.all([
    context.tickmark.coverage(plan.slug),
    planProgress(db, plan.id),
    eventDeltasByDay(db, plan.id),
  ]);
  const today = new Date().toISOString().slice(0, 10);
  const doneDates = deltas.filter((d) => d.toStatus === 'done').flatMap((d) => Array<string>(d.n).fill(d.day));
  const measured = measuredThroughput(doneDates, today);
  const asked = Number(new URL(request.url).searchParams.get('capacity'));
  const perWeek = Number.isFinite(asked) && asked > 0 ? asked : measured;
  const fit = fitPhases(
    progress.phases.map((p) => ({ name: p.number ? `Phase ${p.number}: ${p.name}` : p.name, remaining: p.remaining })),
    perWeek,
    today,
    plan.targetDate,
  );
  const unplanned = coverage ? unplannedTopics(coverage) : [];
  const lonely = coverage ? coverage.items.filter((i) => i.topics.length === 0) : [];
  const url = new URL(request.url);
  const files = coverage ? [...new Set(coverage.topics.map((t) => t.file))] : [];
  const chosen = url.searchParams.getAll('merge').filter((f) => files.includes(f));
  const merge = url.searchParams.has('preview')
    ? await context.tickmark.mergePreview(plan.slug, chosen.length ? chosen : null)
    : null;
  const topicFile = url.searchParams.get('topics');
  const covered = coverage ? coverage.topics.filter((t) => t.items.length && (!topicFile || t.file === topicFile)) : [];
  return json({
    plan: { slug: plan.slug, targetDate: plan.targetDate },
    merged: Number(url.searchParams.get('merged')) || 0,
    files,
    merge: merge ? (merge.ok ? { ok: true as const, chosen, ...merge.preview } : merge) : null,
    capacity: { perWeek, measured, given: perWeek !== measured || asked > 0, fit },
    coverage: coverage
      ? {
          groups: coverage.groups,
          linked: coverage.items.length - lonely.length,
          items: coverage.items.length,
          topics: coverage.topics.length,
          unplanned: unplanned.slice(0, LIST_LIMIT),
          unplannedCount: unplanned.length,
          lonely: lonely.slice(0, LIST_LIMIT).map((i) => ({ id: i.id, title: i.title })),
          lonelyCount: lonely.length,
          // Both ways: item → topics (with whether the link is the user's or found by title), topic → items.
          links: coverage.items
            .filter((i) => i.topics.length)
            .slice(0, LIST_LIMIT)
            .map((i) => ({ id: i.id, title: i.title, found: i.found, topics: i.topics })),
          linkedCount: coverage.items.length - lonely.length,
          topicFile,
          covered: covered.slice(0, LIST_LIMIT).map((t) => ({
            file: t.file,
            line: t.line,
            topic: t.topic,
            state: t.state,
            items: t.items,
          })),
          coveredCount: covered.length,
        }
      : null,
  });
}

/** "Add to plan" (structure engine), merging the previewed topics, and confirming or removing links. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  if (request.method !== 'POST') throw new Response('Method not allowed', { status: 405 });
  const plan = await requirePlan(context, params.slug);
  return handleCurriculum(request, context, plan);
}

export default function Curriculum() {
  const { plan, capacity, coverage, merge, merged, files } = useLoaderData<typeof loader>();
  const refused = useActionData() as CurriculumActionData | undefined;
  const location = useLocation();
  const action = location.pathname + location.search;
  return (
    <div className="curriculum">
      <StructureBanner />
      {refused && 'ok' in refused && !refused.ok ? (
        <p className="banner banner-error" role="alert" data-testid="curriculum-refused">
          {refused.message}
        </p>
      ) : null}
      {merged ? (
        <p className="banner banner-ok" role="status" data-testid="merged-banner">
          {plural(merged, 'topic')} added to the plan as one change: Undo above takes it back.
        </p>
      ) : null}
      <CapacityCard capacity={capacity} targetDate={plan.targetDate} />
      {!coverage ? (
        <div className="empty">
          <p>
            No source documents yet. Put gap analyses (topic tables with Status and Priority columns) in the plans
            folder and this tab shows which of their topics the plan covers.
          </p>
        </div>
      ) : (
        <>
          <section className="card" aria-labelledby="coverage-h">
            <div className="card-head">
              <h2 id="coverage-h">Coverage</h2>
              <p className="muted">
                {coverage.linked} of {plural(coverage.items, 'item')} linked to a topic · {coverage.topics} topics
              </p>
            </div>
            <div className="table-wrap">
              <table className="coverage" data-testid="coverage-table">
                <thead>
                  <tr>
                    <th scope="col">Source</th>
                    <th scope="col">Category</th>
                    <th scope="col">Priority</th>
                    <th scope="col" className="num">
                      Topics
                    </th>
                    <th scope="col" className="num">
                      Planned
                    </th>
                    <th scope="col" className="num">
                      Done
                    </th>
                    <th scope="col" className="num">
                      Dropped
                    </th>
                    <th scope="col" className="num">
                      Existing
                    </th>
                    <th scope="col" className="num">
                      Unplanned
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.groups.map((g) => (
                    <tr key={`${g.file}/${g.category}/${g.priority}`}>
                      <td className="mono">{g.file}</td>
                      <td>{g.category}</td>
                      <td>{g.priority}</td>
                      <td className="num">{g.topics}</td>
                      <td className="num">{g.planned}</td>
                      <td className="num">{g.done}</td>
                      <td className="num">{g.dropped}</td>
                      <td className="num">{g.existing}</td>
                      <td className="num">{g.unplanned}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          <MergeCard files={files} merge={merge} action={location.pathname} />
          <section className="card" aria-labelledby="unplanned-h">
            <h2 id="unplanned-h">Unplanned gaps ({coverage.unplannedCount})</h2>
            <p className="muted">MISSING and PARTIAL topics no item covers, HIGH first.</p>
            <div className="table-wrap">
              <table data-testid="unplanned-table">
                <thead>
                  <tr>
                    <th scope="col">Priority</th>
                    <th scope="col">Topic</th>
                    <th scope="col">Category</th>
                    <th scope="col">Source</th>
                    <th scope="col">
                      <span className="sr-only">Add</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {coverage.unplanned.map((t) => (
                    <tr key={`${t.file}:${t.line}`}>
                      <td>{t.priority ?? '–'}</td>
                      <td>
                        {t.topic} <span className="muted">({t.status})</span>
                      </td>
                      <td>{t.category}</td>
                      <td className="mono">
                        {t.file}:{t.line}
                      </td>
                      <td>
                        <AddTopicButton action={action} file={t.file} line={t.line} topic={t.topic} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {coverage.unplannedCount > coverage.unplanned.length ? (
              <p className="muted">
                First {coverage.unplanned.length} shown; <code>tickmark coverage</code> lists all.
              </p>
            ) : null}
          </section>
          <LinksCard coverage={coverage} action={action} />
          <TopicsCard coverage={coverage} files={files} />
          <section className="card" aria-labelledby="lonely-h">
            <h2 id="lonely-h">Items covering no topic ({coverage.lonelyCount})</h2>
            <ul className="plain-list" data-testid="lonely-items">
              {coverage.lonely.map((i) => (
                <li key={i.id}>
                  <span className="mono">{i.id}</span> {i.title}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}

function CapacityCard({
  capacity,
  targetDate,
}: {
  capacity: ReturnType<typeof useLoaderData<typeof loader>>['capacity'];
  targetDate: string | null;
}) {
  const { fit } = capacity;
  return (
    <section className="card" aria-labelledby="capacity-h">
      <div className="card-head">
        <h2 id="capacity-h">Capacity</h2>
        <p className="muted">
          Measured: {capacity.measured} items/week over the last 4 weeks
          {targetDate ? ` · target ${targetDate}` : ' · no target date (set it on the Overview)'}
        </p>
      </div>
      <Form method="get" className="inline-form">
        <label>
          Items per week{' '}
          <input type="number" name="capacity" min="0.1" step="0.1" defaultValue={capacity.perWeek || ''} required />
        </label>{' '}
        <button type="submit">Show</button>
      </Form>
      {capacity.perWeek > 0 ? (
        <div className="table-wrap">
          <table data-testid="capacity-table">
            <thead>
              <tr>
                <th scope="col">Phase</th>
                <th scope="col" className="num">
                  Remaining
                </th>
                <th scope="col">Done by</th>
                <th scope="col">Before target</th>
              </tr>
            </thead>
            <tbody>
              {fit.phases.map((p, i) => (
                <tr key={p.name} className={i === fit.cutAfter ? 'cut-line' : undefined}>
                  <td>{p.name}</td>
                  <td className="num">{p.remaining}</td>
                  <td>{p.finishes}</td>
                  <td>{p.fits ? 'fits' : 'after the target'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted" data-testid="cut-line">
            {fit.cutAfter === fit.phases.length - 1
              ? `At ${capacity.perWeek} items/week every phase fits.`
              : fit.cutAfter < 0
                ? `At ${capacity.perWeek} items/week no phase is done before the target.`
                : `At ${capacity.perWeek} items/week the cut line falls after ${fit.phases[fit.cutAfter].name}.`}
          </p>
        </div>
      ) : (
        <p className="muted">No items were done in the last 4 weeks: enter a weekly capacity.</p>
      )}
    </section>
  );
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/** Merging sources: a GET preview of what the engine would add, change and find gone; Apply posts exactly the
 * previewed topics. */
function MergeCard({ files, merge, action }: { files: string[]; merge: LoaderData['merge']; action: string }) {
  const lead = usePlanAbilities().lead;
  return (
    <section className="card" aria-labelledby="merge-h">
      <h2 id="merge-h">Merge sources into the plan</h2>
      <p className="muted">
        Preview what a new or changed gap analysis adds (its unplanned topics, each in its category’s section and
        priority’s phase, with the next free IDs), what it changes and what it no longer lists; then apply it as one
        change.
      </p>
      <Form method="get" className="merge-form" aria-label="Preview a merge">
        <fieldset>
          <legend>Sources</legend>
          {files.map((f) => (
            <label key={f} className="check">
              <input
                type="checkbox"
                name="merge"
                value={f}
                defaultChecked={merge?.ok ? merge.chosen.length === 0 || merge.chosen.includes(f) : true}
              />{' '}
              <span className="mono">{f}</span>
            </label>
          ))}
        </fieldset>
        <input type="hidden" name="preview" value="1" />
        <button type="submit" className="button">
          Preview merge
        </button>
      </Form>
      {merge && !merge.ok ? (
        <p className="banner banner-error" role="alert">
          {merge.message}
        </p>
      ) : null}
      {merge?.ok ? (
        <div className="merge-preview" data-testid="merge-preview">
          <h3>New topics ({merge.add.length})</h3>
          {merge.add.length ? (
            <div className="table-wrap">
              <table data-testid="merge-add">
                <thead>
                  <tr>
                    <th scope="col">ID</th>
                    <th scope="col">Topic</th>
                    <th scope="col">Section</th>
                    <th scope="col">Priority</th>
                    <th scope="col">Source</th>
                  </tr>
                </thead>
                <tbody>
                  {merge.add.map((t) => (
                    <tr key={`${t.file}#${t.line}`}>
                      <td className="mono">{t.id ?? '–'}</td>
                      <td>{t.topic}</td>
                      <td>{t.section ?? t.category}</td>
                      <td>{t.priority ?? '–'}</td>
                      <td className="mono">
                        {t.file}:{t.line}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p className="muted">Every topic of these sources is covered: nothing to add.</p>
          )}
          <h3>Changed in the source ({merge.changed.length})</h3>
          <ul className="plain-list" data-testid="merge-changed">
            {merge.changed.map((c) => (
              <li key={`${c.topic.file}#${c.topic.line}`}>
                <span className="mono">{c.items.join(', ')}</span> {c.topic.topic}: {c.change}
              </li>
            ))}
          </ul>
          <h3>No longer in the source ({merge.gone.length})</h3>
          <ul className="plain-list" data-testid="merge-gone">
            {merge.gone.map((l) => (
              <li key={`${l.id}/${l.file}/${l.topic}`}>
                <span className="mono">{l.id}</span> → {l.file}: “{l.topic}”
              </li>
            ))}
          </ul>
          {merge.dropped.length ? (
            <p className="muted">
              {plural(merge.dropped.length, 'topic')} only cancelled items cover: dropped, not added again.
            </p>
          ) : null}
          {merge.add.length && lead ? (
            <Form method="post" action={action} className="inline-form">
              <CsrfField />
              <input type="hidden" name="intent" value="merge-topics" />
              {merge.add.map((t) => (
                <input key={`${t.file}#${t.line}`} type="hidden" name="topics" value={`${t.file}#${t.line}`} />
              ))}
              <button type="submit" className="button">
                Add {plural(merge.add.length, 'topic')} to the plan
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

/** Item → topics: each link found by title is a suggestion to confirm; a confirmed one is the plan’s. */
function LinksCard({ coverage, action }: { coverage: NonNullable<LoaderData['coverage']>; action: string }) {
  return (
    <section className="card" aria-labelledby="links-h">
      <h2 id="links-h">Items → topics ({coverage.linkedCount})</h2>
      <p className="muted">
        Suggested links were found by title; confirm them to keep them in the plan’s Source Coverage table, or remove
        them. Link an item to another topic on its page.
      </p>
      <div className="table-wrap">
        <table data-testid="links-table">
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Topics</th>
              <th scope="col">Link</th>
            </tr>
          </thead>
          <tbody>
            {coverage.links.map((i) => (
              <tr key={i.id}>
                <td>
                  <span className="mono">{i.id}</span> {i.title}
                </td>
                <td>
                  <ul className="plain-list">
                    {i.topics.map((t) => (
                      <li key={`${t.file}#${t.line}`} className="link-row">
                        <span>
                          {t.topic}{' '}
                          <span className="muted mono">
                            {t.file}:{t.line}
                          </span>
                        </span>
                        <LinkForm
                          action={action}
                          intent="unlink"
                          id={i.id}
                          topic={`${t.file}#${t.line}`}
                          seen={i.topics}
                        >
                          Remove
                        </LinkForm>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {i.found === 'stored' ? (
                    <span className="badge badge-done">confirmed</span>
                  ) : (
                    <>
                      <span className="badge">suggested</span>{' '}
                      <LinkForm
                        action={action}
                        intent="confirm-link"
                        id={i.id}
                        seen={i.topics}
                        label={`Confirm ${i.id}’s links`}
                      >
                        Confirm
                      </LinkForm>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Topic → items, for one source at a time when the list is long. */
function TopicsCard({ coverage, files }: { coverage: NonNullable<LoaderData['coverage']>; files: string[] }) {
  return (
    <section className="card" aria-labelledby="topics-h">
      <h2 id="topics-h">Topics → items ({coverage.coveredCount})</h2>
      <Form method="get" className="inline-form">
        <label>
          Source{' '}
          <select name="topics" defaultValue={coverage.topicFile ?? ''}>
            <option value="">all</option>
            {files.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit" className="button button-small">
          Filter
        </button>
      </Form>
      <div className="table-wrap">
        <table data-testid="topics-table">
          <thead>
            <tr>
              <th scope="col">Topic</th>
              <th scope="col">State</th>
              <th scope="col">Items</th>
            </tr>
          </thead>
          <tbody>
            {coverage.covered.map((t) => (
              <tr key={`${t.file}#${t.line}`}>
                <td>
                  {t.topic}{' '}
                  <span className="muted mono">
                    {t.file}:{t.line}
                  </span>
                </td>
                <td>{t.state}</td>
                <td className="mono">{t.items.join(', ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {coverage.coveredCount > coverage.covered.length ? (
        <p className="muted">First {coverage.covered.length} shown; choose a source to see its topics.</p>
      ) : null}
    </section>
  );
}
