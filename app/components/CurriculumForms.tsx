// A coverage link's form (confirm, remove, add a link between a plan item and a source topic): a plain post,
// so it works without JavaScript; the action is app/lib/curriculum.server.ts's.
import { Form } from '@remix-run/react';
import { CsrfField } from './CsrfField';
import { usePlanAbilities } from '../lib/abilities';
import { seenLinksValue } from '../lib/seen-links';

export function LinkForm({
  action,
  intent,
  id,
  topic,
  seen,
  label,
  children,
}: {
  action: string;
  intent: 'link' | 'unlink' | 'confirm-link';
  id: string;
  topic?: string;
  /** The item's links as shown: the action refuses the form when they changed since. */
  seen: readonly { file: string; line: number }[];
  label?: string;
  children: string;
}) {
  // Links are the plan's structure: a lead's (the action checks too).
  if (!usePlanAbilities().lead) return null;
  return (
    <Form method="post" action={action} className="inline-form">
      <CsrfField />
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="id" value={id} />
      {topic ? <input type="hidden" name="topic" value={topic} /> : null}
      <SeenField topics={seen} />
      <button type="submit" className="button button-small" aria-label={label ?? `${children} ${id} → ${topic}`}>
        {children}
      </button>
    </Form>
  );
}

/** The links a form was shown with, sent back so a change made meanwhile is refused, not overwritten. */
function SeenField({ topics }: { topics: readonly { file: string; line: number }[] }) {
  return <input type="hidden" name="seen" value={seenLinksValue(topics)} />;
}

export interface ItemCoverageData {
  id: string;
  found: 'stored' | 'title' | 'none';
  topics: { file: string; line: number; topic: string }[];
  /** Every source topic, to link the item to another one. */
  choices: { file: string; line: number; topic: string; category: string }[];
}

/** An item's coverage (item → topics) on its page: confirm the suggested links, remove one, link another. */
export function ItemCoverage({ action, coverage }: { action: string; coverage: ItemCoverageData }) {
  const files = [...new Set(coverage.choices.map((c) => c.file))];
  const lead = usePlanAbilities().lead;
  return (
    <section aria-labelledby="item-coverage-h" className="card" data-testid="item-coverage">
      <h3 id="item-coverage-h">Source topics</h3>
      {coverage.topics.length ? (
        <ul className="plain-list">
          {coverage.topics.map((t) => (
            <li key={`${t.file}#${t.line}`} className="link-row">
              <span>
                {t.topic}{' '}
                <span className="muted mono">
                  {t.file}:{t.line}
                </span>{' '}
                <span className={coverage.found === 'stored' ? 'badge badge-done' : 'badge'}>
                  {coverage.found === 'stored' ? 'confirmed' : 'suggested'}
                </span>
              </span>
              <LinkForm
                action={action}
                intent="unlink"
                id={coverage.id}
                topic={`${t.file}#${t.line}`}
                seen={coverage.topics}
              >
                Remove
              </LinkForm>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">This item covers no source topic.</p>
      )}
      {coverage.found === 'title' ? (
        <LinkForm
          action={action}
          intent="confirm-link"
          id={coverage.id}
          seen={coverage.topics}
          label="Confirm the suggested links"
        >
          Confirm
        </LinkForm>
      ) : null}
      {lead ? (
        <Form method="post" action={action} className="inline-form link-topic-form">
          <CsrfField />
          <input type="hidden" name="intent" value="link" />
          <input type="hidden" name="id" value={coverage.id} />
          <SeenField topics={coverage.topics} />
          <label>
            Link to a topic{' '}
            <select name="topic" required defaultValue="">
              <option value="" disabled>
                Choose a topic…
              </option>
              {files.map((f) => (
                <optgroup key={f} label={f}>
                  {coverage.choices
                    .filter((c) => c.file === f)
                    .map((c) => (
                      <option key={c.line} value={`${c.file}#${c.line}`}>
                        {c.topic} ({c.category})
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </label>{' '}
          <button type="submit" className="button button-small">
            Link
          </button>
        </Form>
      ) : null}
    </section>
  );
}
