// Changing an item's status in place: a checkbox (done ⇄ to do) and a menu (all four statuses).
// Both are real forms, so they work without JavaScript; with it they go through a fetcher, show the new
// status at once, and fall back to the server's state with a message when the change was refused.
// A form's fields are one string of HTML (statusFieldsHtml): the items page shows 100 of them (decision 052).
import { useFetcher, useFetchers, useRevalidator, useSubmit, type FetcherWithComponents } from '@remix-run/react';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { StatusActionData } from '../lib/status-action.server';
import { STATUS_LABEL } from '../lib/format';
import { escapeHtml } from '../lib/html';
import { useFocusKept } from '../lib/focus-kept';
import { SCRIPTED_FIELD } from '../lib/scripted';
import { STATUSES } from '../../parser/index';
import { useToast } from './Toast';
import { CSRF_FIELD, useCsrfToken } from './CsrfField';
import { StatusBadge } from './StatusBadge';
import { usePlanAbilities } from '../lib/abilities';

export interface StatusItem {
  key: string;
  itemId: string | null;
  title: string;
  status: string;
  version: number;
}

/** The menu's options per shown status, as one string of HTML with that status selected (decision 047). Our
 * own labels: no escaping. */
const OPTIONS: Record<string, string> = Object.fromEntries(
  STATUSES.map((shown) => [
    shown,
    STATUSES.map((s) => `<option value="${s}"${s === shown ? ' selected' : ''}>${STATUS_LABEL[s]}</option>`).join(''),
  ]),
);

/** A status form's fields: the form token, the item and its version, the checkbox (its `toggle` is the status it
 * switches to), the menu and its "Set" (shown without JavaScript). Buttons in a form submit by default. */
export function statusFieldsHtml(item: StatusItem, shown: string, csrf: string): string {
  const name = escapeHtml(item.itemId ?? item.title);
  const known = shown in OPTIONS ? shown : 'todo';
  return (
    (csrf ? `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrf)}"/>` : '') +
    '<input type="hidden" name="intent" value="set-status"/>' +
    `<input type="hidden" name="key" value="${escapeHtml(item.key)}"/>` +
    `<input type="hidden" name="version" value="${item.version}"/>` +
    `<button name="toggle" value="${known === 'done' ? 'todo' : 'done'}" class="tick" role="checkbox" ` +
    `aria-checked="${known === 'done'}" aria-label="${name} done"></button>` +
    `<select name="status" aria-label="Status of ${name}" class="status-select status-${known}">${OPTIONS[known]}</select>` +
    '<button class="nojs-only button-small">Set</button>'
  );
}

/** The whole form, for a row written as HTML (the items page). `aria-busy` only while its change is sent. It has
 * no `action`: a form without one posts to the page's own address, which is what it was (decision 060). */
export function statusFormHtml(item: StatusItem, shown: string, busy: boolean, csrf: string): string {
  return (
    `<form method="post" class="status-control" data-status="${escapeHtml(shown)}"` +
    `${busy ? ' aria-busy="true"' : ''}>${statusFieldsHtml(item, shown, csrf)}</form>`
  );
}

/** The status a submitted status form asks for: its checkbox's, or (the "Set" button) its menu's. */
function submittedStatus(event: FormEvent<HTMLElement>, form: HTMLFormElement): string {
  const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
  return submitter?.name === 'toggle' ? submitter.value : String(new FormData(form).get('status'));
}

/** What a status form sends with JavaScript: its fields with the chosen status, marked scripted. */
function statusSubmission(form: HTMLFormElement, status: string): FormData {
  const data = new FormData(form);
  data.set('status', status);
  data.set(SCRIPTED_FIELD, '1');
  return data;
}

/** The answer to a status change: a confirmation that it is in the file, or why not and the server's state. */
function useStatusAnswer(fetcher: FetcherWithComponents<StatusActionData>, name: string, done?: () => void) {
  const revalidator = useRevalidator();
  const notify = useToast();
  useEffect(() => {
    if (fetcher.state !== 'idle' || !fetcher.data) return;
    if (fetcher.data.ok) notify('info', `${name}: ${STATUS_LABEL[fetcher.data.status]}, saved in the plan`);
    else {
      notify('error', fetcher.data.message);
      revalidator.revalidate(); // roll back to what the server holds now
    }
    done?.();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.data, fetcher.state]);
}

/** The status as a control for those who may change it (a contributor on this plan), else as a badge. */
export function StatusControl(props: { item: StatusItem; action: string }) {
  return usePlanAbilities().contribute ? <StatusForm {...props} /> : <StatusBadge status={props.item.status} />;
}

function StatusForm({ item, action }: { item: StatusItem; action: string }) {
  const fetcher = useFetcher<StatusActionData>({ key: `status:${item.key}` });
  useStatusAnswer(fetcher, item.itemId ?? item.title);
  const csrf = useCsrfToken();
  const keepFocus = useFocusKept();
  const pending = fetcher.formData?.get('status');
  const shown = typeof pending === 'string' ? pending : item.status;
  const send = (form: HTMLFormElement, status: string) =>
    fetcher.submit(statusSubmission(form, status), { method: 'post', action });
  return (
    <form
      method="post"
      action={action}
      className="status-control"
      data-status={shown}
      aria-busy={fetcher.state !== 'idle' || undefined}
      onFocus={keepFocus}
      onSubmit={(e) => {
        e.preventDefault();
        send(e.currentTarget, submittedStatus(e, e.currentTarget));
      }}
      // The menu is in the fields' HTML: its change reaches React as an `input` event.
      onInput={(e) => {
        const menu = e.target as HTMLSelectElement;
        if (menu.name === 'status') send(e.currentTarget, menu.value);
      }}
      dangerouslySetInnerHTML={{ __html: statusFieldsHtml(item, shown, csrf) }}
    />
  );
}

/**
 * The status forms of a table whose rows are HTML (the items page): `formHtml` writes a row's form with the
 * status it shows (a change being sent shows at once); the table's onSubmit and onInput send a change through
 * the row's own fetcher (`status:KEY`, as StatusForm), and `answers` confirms or rolls back each one.
 */
export function useStatusRows(action: string, items: StatusItem[]) {
  const submit = useSubmit();
  const csrf = useCsrfToken();
  const sending = new Map<string, { status: unknown; busy: boolean }>();
  for (const f of useFetchers()) {
    if (f.key.startsWith('status:') && f.state !== 'idle') {
      sending.set(f.key.slice('status:'.length), { status: f.formData?.get('status'), busy: true });
    }
  }
  // Rows whose change is on its way, by key (with the name its answer gives): each gets a watcher for the answer.
  const [watched, setWatched] = useState<Record<string, string>>({});
  const forget = useCallback(
    (key: string) =>
      setWatched(({ [key]: _, ...rest }) => {
        void _;
        return rest;
      }),
    [],
  );
  const send = (form: HTMLFormElement, status: string) => {
    const key = String(new FormData(form).get('key'));
    const item = items.find((i) => i.key === key);
    const label = item ? (item.itemId ?? item.title) : key;
    submit(statusSubmission(form, status), { method: 'post', action, navigate: false, fetcherKey: `status:${key}` });
    setWatched((w) => ({ ...w, [key]: label }));
  };
  const formOf = (target: EventTarget) => (target as Element).closest?.<HTMLFormElement>('form.status-control');
  return {
    formHtml(item: StatusItem): string {
      const now = sending.get(item.key);
      const shown = typeof now?.status === 'string' ? now.status : item.status;
      return statusFormHtml(item, shown, !!now?.busy, csrf);
    },
    onSubmit(e: FormEvent<HTMLElement>) {
      const form = formOf(e.target);
      if (!form) return;
      e.preventDefault();
      send(form, submittedStatus(e, form));
    },
    onInput(e: FormEvent<HTMLElement>) {
      const menu = e.target as HTMLSelectElement;
      const form = formOf(menu);
      if (form && menu.name === 'status') send(form, menu.value);
    },
    answers: Object.entries(watched).map(([key, name]) => (
      <StatusAnswer key={key} itemKey={key} name={name} done={forget} />
    )),
  };
}

function StatusAnswer({ itemKey, name, done }: { itemKey: string; name: string; done: (key: string) => void }) {
  useStatusAnswer(useFetcher<StatusActionData>({ key: `status:${itemKey}` }), name, () => done(itemKey));
  return null;
}
