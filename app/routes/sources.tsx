// Sources and "Generate a plan": a lead picks gap analyses tracked by Tickmark, sees the phased plan they give
// (phases by priority, sections by category, IDs per category prefix, the schedule at a weekly capacity),
// names the file and creates it — the same engine as `tickmark plan new`, written through sync/ and tracked.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { CsrfField } from '../components/CsrfField';
import { abilitiesOf } from '../lib/auth.server';
import { generateOptionsOf, handleGenerate, type CurriculumActionData } from '../lib/curriculum.server';
import { listSources } from '../lib/queries.server';
import { plural } from '../lib/format';
import { TOPIC_STATUSES } from '../../parser/index';

export const meta: MetaFunction = () => [{ title: 'Sources · Tickmark' }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // Previewing is reading (anyone); creating the plan is a lead's (the action checks again).
  const [sources, can] = await Promise.all([listSources(context.tickmark.db), abilitiesOf(context)]);
  const params = new URL(request.url).searchParams;
  const asked = params.has('preview') ? generateOptionsOf(params) : null;
  let preview = null;
  if (asked && !asked.problems.length) {
    const made = await context.tickmark.planFromSources(asked.paths, asked.options, null);
    if (!made.ok) preview = { ok: false as const, message: made.message };
    else if ('preview' in made) {
      const plan = made.preview;
      // Sections in plan order: phase, category, the ID range its items get.
      const sections: { phase: number; category: string; first: string; last: string; items: number }[] = [];
      for (const item of plan.items) {
        const last = sections[sections.length - 1];
        if (last && last.phase === item.phase && last.category === item.topic.category) {
          last.last = item.id;
          last.items++;
        } else
          sections.push({ phase: item.phase, category: item.topic.category, first: item.id, last: item.id, items: 1 });
      }
      const capacity = asked.options.capacity;
      let cumulative = 0;
      preview = {
        ok: true as const,
        title: plan.title,
        items: plan.items.length,
        topics: plan.topics.length,
        phases: plan.perPhase.map((p) => {
          cumulative += p.items;
          return { ...p, weeksToEnd: capacity ? Math.ceil(cumulative / capacity.perWeek) : null };
        }),
        sections,
        nearMatches: plan.nearMatches.slice(0, 50),
        unprioritised: plan.unprioritised.map((t) => t.topic),
        readBackError: plan.readBackError,
      };
    }
  }
  return json({
    lead: can.lead,
    sources: sources.map((s) => ({
      path: s.path,
      title: s.title,
      topics: s.topics,
      errorCount: s.errorCount,
      errors: s.errors,
    })),
    asked: asked
      ? {
          paths: asked.paths,
          include: asked.options.include ?? [],
          title: params.get('title') ?? '',
          prefixes: params.get('prefixes') ?? '',
          same: params.get('same') ?? '',
          capacity: params.get('capacity') ?? '',
          start: params.get('start') ?? '',
          name: params.get('name') ?? '',
          problems: asked.problems,
        }
      : null,
    preview,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  return handleGenerate(request, context);
}

export default function Sources() {
  const { sources, asked, preview, lead } = useLoaderData<typeof loader>();
  const refused = useActionData() as CurriculumActionData | undefined;
  const chosen = new Set(asked?.paths ?? sources.filter((s) => !s.errorCount).map((s) => s.path));
  const include = new Set<string>(asked?.include ?? ['MISSING', 'PARTIAL']);
  return (
    <div className="page sources-page">
      <p className="crumbs">
        <Link to="/">← All plans</Link>
      </p>
      <h1>Sources</h1>
      <p className="muted">
        Gap analyses in the plans folder (topic tables with Status and Priority columns). Generate a phased plan from
        some of them: one phase per priority, a section per category, IDs per category prefix.
      </p>
      {refused && !refused.ok ? (
        <p className="banner banner-error" role="alert" data-testid="generate-refused">
          {refused.message}
        </p>
      ) : null}
      {!sources.length ? (
        <p className="empty">No sources yet: put gap analyses in the plans folder.</p>
      ) : (
        <section className="card" aria-labelledby="generate-h">
          <h2 id="generate-h">Generate a plan</h2>
          <Form method="get" className="generate-form" aria-label="Preview a plan">
            <input type="hidden" name="preview" value="1" />
            <fieldset>
              <legend>Sources</legend>
              {sources.map((s) => (
                <label key={s.path} className="check">
                  <input type="checkbox" name="source" value={s.path} defaultChecked={chosen.has(s.path)} />{' '}
                  <span className="mono">{s.path}</span>{' '}
                  <span className="muted">
                    {plural(s.topics, 'topic')}
                    {s.errorCount ? ` · ${plural(s.errorCount, 'error')}` : ''}
                  </span>
                  {s.errors.map((e) => (
                    <span key={`${e.line}:${e.column}`} className="diag-line mono" data-testid="source-error">
                      {s.path}:{e.line}:{e.column} {e.message}
                    </span>
                  ))}
                </label>
              ))}
            </fieldset>
            <fieldset>
              <legend>Plan topics that are</legend>
              {TOPIC_STATUSES.map((st) => (
                <label key={st} className="check">
                  <input type="checkbox" name="include" value={st} defaultChecked={include.has(st)} /> {st}
                </label>
              ))}
            </fieldset>
            <label className="field">
              <span>Title</span>
              <input name="title" defaultValue={asked?.title} placeholder="By default, the first source's title" />
            </label>
            <label className="field">
              <span>ID prefixes (one CATEGORY=PREFIX a line)</span>
              <textarea name="prefixes" rows={2} defaultValue={asked?.prefixes} placeholder="Caching=CACHE" />
            </label>
            <label className="field">
              <span>The same topic (one TITLE=TITLE a line, from the similar titles below)</span>
              <textarea name="same" rows={2} defaultValue={asked?.same} />
            </label>
            <div className="field-row">
              <label className="field">
                <span>Items per week</span>
                <input name="capacity" type="number" min="1" step="1" defaultValue={asked?.capacity} />
              </label>
              <label className="field">
                <span>Start</span>
                <input name="start" type="date" defaultValue={asked?.start} />
              </label>
            </div>
            {lead ? (
              <label className="field">
                <span>File name</span>
                <input name="name" defaultValue={asked?.name} placeholder="system-design-plan.md" />
              </label>
            ) : null}
            <button type="submit" className="button">
              Preview
            </button>
          </Form>
          {asked?.problems.length ? (
            <p className="banner banner-error" role="alert">
              {asked.problems.join(' ')}
            </p>
          ) : null}
          {preview && !preview.ok ? (
            <p className="banner banner-error" role="alert" data-testid="generate-problem">
              {preview.message}
            </p>
          ) : null}
          {preview?.ok && asked ? <PlanPreview preview={preview} asked={asked} lead={lead} /> : null}
        </section>
      )}
    </div>
  );
}

type Data = ReturnType<typeof useLoaderData<typeof loader>>;

function PlanPreview({
  preview,
  asked,
  lead,
}: {
  preview: Extract<NonNullable<Data['preview']>, { ok: true }>;
  asked: NonNullable<Data['asked']>;
  lead: boolean;
}) {
  return (
    <div data-testid="plan-preview">
      <h3>{preview.title}</h3>
      <p>
        {plural(preview.items, 'item')} from {plural(preview.topics, 'topic')} in {plural(asked.paths.length, 'source')}
        .
      </p>
      <div className="table-wrap">
        <table data-testid="preview-phases">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col" className="num">
                Items
              </th>
              {asked.capacity ? <th scope="col">Done by (week)</th> : null}
            </tr>
          </thead>
          <tbody>
            {preview.phases.map((p) => (
              <tr key={p.phase}>
                <td>
                  Phase {p.phase}: {p.priority}
                </td>
                <td className="num">{p.items}</td>
                {asked.capacity ? <td>week {p.weeksToEnd}</td> : null}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="table-wrap">
        <table data-testid="preview-sections">
          <thead>
            <tr>
              <th scope="col">Phase</th>
              <th scope="col">Section</th>
              <th scope="col">IDs</th>
              <th scope="col" className="num">
                Items
              </th>
            </tr>
          </thead>
          <tbody>
            {preview.sections.map((s) => (
              <tr key={`${s.phase}/${s.category}`}>
                <td>{s.phase}</td>
                <td>{s.category}</td>
                <td className="mono">
                  <span className="id-nowrap">{s.first}</span>
                  {s.first === s.last ? null : (
                    <>
                      {' – '}
                      <span className="id-nowrap">{s.last}</span>
                    </>
                  )}
                </td>
                <td className="num">{s.items}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {preview.nearMatches.length ? (
        <p className="muted">
          Similar titles kept apart (to plan one item for a pair, write it under “The same topic”):{' '}
          {preview.nearMatches.map((m) => `“${m.a}” / “${m.b}”`).join('; ')}
        </p>
      ) : null}
      {preview.unprioritised.length ? (
        <p className="muted">Not planned (no priority): {preview.unprioritised.join(', ')}</p>
      ) : null}
      {lead ? <CreatePlanForm asked={asked} /> : <p className="muted">A lead creates the plan from this preview.</p>}
    </div>
  );
}

/** "Create the plan": the previewed fields posted back with a file name (a lead's). */
function CreatePlanForm({ asked }: { asked: NonNullable<Data['asked']> }) {
  return (
    <Form method="post" className="inline-form create-plan-form">
      <CsrfField />
      {asked.paths.map((p) => (
        <input key={p} type="hidden" name="source" value={p} />
      ))}
      {asked.include.map((i) => (
        <input key={i} type="hidden" name="include" value={i} />
      ))}
      <input type="hidden" name="title" value={asked.title} />
      <input type="hidden" name="prefixes" value={asked.prefixes} />
      <input type="hidden" name="same" value={asked.same} />
      <input type="hidden" name="capacity" value={asked.capacity} />
      <input type="hidden" name="start" value={asked.start} />
      <label>
        File name <input name="name" required defaultValue={asked.name} placeholder="system-design-plan.md" />
      </label>{' '}
      <button type="submit" className="button">
        Create the plan
      </button>
    </Form>
  );
}
