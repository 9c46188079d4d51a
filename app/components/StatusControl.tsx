// Changing an item's status in place: a checkbox (done ⇄ to do) and a menu (all four statuses).
// Both are real forms, so they work without JavaScript; with it they go through a fetcher, show the new
// status at once, and fall back to the server's state with a message when the change was refused.
import { useFetcher, useRevalidator } from '@remix-run/react';
import { useEffect, type FormEvent } from 'react';
import type { StatusActionData } from '../lib/status-action.server';
import { STATUS_LABEL } from '../lib/format';
import { SCRIPTED_FIELD } from '../lib/scripted';
import { STATUSES } from '../../parser/index';
import { useToast } from './Toast';
import { CsrfField, useCsrfData } from './CsrfField';
import { StatusBadge } from './StatusBadge';
import { usePlanAbilities } from '../lib/abilities';

export interface StatusItem {
  key: string;
  itemId: string | null;
  title: string;
  status: string;
  version: number;
}

/** The menu's options per shown status, as one string of HTML with that status selected: four elements a row
 * and 100 rows a page cost React more than the rest of the menu (decision 047). Our own labels: no escaping. */
const OPTIONS: Record<string, string> = Object.fromEntries(
  STATUSES.map((shown) => [
    shown,
    STATUSES.map((s) => `<option value="${s}"${s === shown ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`).join(''),
  ]),
);

/** The status as a control for those who may change it (a contributor on this plan), else as a badge. */
export function StatusControl(props: { item: StatusItem; action: string; compact?: boolean }) {
  return usePlanAbilities().contribute ? <StatusForm {...props} /> : <StatusBadge status={props.item.status} />;
}

function StatusForm({ item, action, compact = false }: { item: StatusItem; action: string; compact?: boolean }) {
  const fetcher = useFetcher<StatusActionData>({ key: `status:${item.key}` });
  const revalidator = useRevalidator();
  const notify = useToast();
  const csrf = useCsrfData();
  const pending = fetcher.formData?.get('status');
  const shown = typeof pending === 'string' ? pending : item.status;
  const name = item.itemId ?? item.title;

  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    // A confirmation that the change is in the file, not just on the screen.
    if (fetcher.data.ok) return notify('info', `${name}: ${STATUS_LABEL[fetcher.data.status]}, saved in the plan`);
    notify('error', fetcher.data.message);
    revalidator.revalidate(); // roll back to what the server holds now
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);

  const submit = (status: string) => (event: FormEvent) => {
    event.preventDefault();
    fetcher.submit(
      { intent: 'set-status', key: item.key, status, version: String(item.version), [SCRIPTED_FIELD]: '1', ...csrf },
      { method: 'post', action },
    );
  };

  const next = shown === 'done' ? 'todo' : 'done';
  // One form per row: the checkbox submits `toggle`, the menu's "Set" (shown without JavaScript) submits `status`.
  // Its buttons submit by default and `aria-busy` shows only while busy: the items page renders 100 of these.
  return (
    <form
      method="post"
      action={action}
      className={`status-control${compact ? ' compact' : ''}`}
      data-status={shown}
      aria-busy={fetcher.state !== 'idle' || undefined}
      onSubmit={(e) => {
        const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
        const value = submitter?.name === 'toggle' ? submitter.value : new FormData(e.currentTarget).get('status');
        submit(String(value))(e);
      }}
    >
      <CsrfField />
      <input type="hidden" name="intent" value="set-status" />
      <input type="hidden" name="key" value={item.key} />
      <input type="hidden" name="version" value={item.version} />
      <button
        name="toggle"
        value={next}
        className="tick"
        role="checkbox"
        aria-checked={shown === 'done'}
        aria-label={`${name} done`}
      />
      <select
        name="status"
        aria-label={`Status of ${name}`}
        onChange={(e) => submit(e.currentTarget.value)(e)}
        className={`status-select status-${shown}`}
        dangerouslySetInnerHTML={{ __html: OPTIONS[shown] ?? OPTIONS.todo }}
      />
      <button className="nojs-only button-small">Set</button>
    </form>
  );
}
