// Shaping a plan from the dashboard: add an item, section or phase, rename a section, edit / move / remove an
// item, and bulk changes on a selection. Every form is a real form (works without JavaScript, answered by
// post/redirect/get); with JavaScript they share one fetcher, so the page keeps its place, the answer shows
// in one banner (the plan frame offers Undo of the last change), and a refused form keeps what was typed.
import { useActionData, useFetcher } from '@remix-run/react';
import {
  useEffect,
  useId,
  useRef,
  useState,
  type ComponentType,
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
} from 'react';
import type { StructureActionData, StructureChoices } from '../lib/structure.server';
import {
  optimisticRows,
  pendingStructure,
  type OptimisticRow,
  type PendingStructure,
} from '../lib/optimistic-structure';
import { STATUS_LABEL } from '../lib/format';
import { SCRIPTED_FIELD } from '../lib/scripted';
import { CSRF_FIELD, CsrfField, useCsrfToken } from './CsrfField';
import { escapeHtml } from '../lib/html';
import { useFocusKept } from '../lib/focus-kept';
import { usePlanAbilities } from '../lib/abilities';
import { STATUSES } from '../../parser/index';

const FETCHER = 'structure';

/** Shaping a plan is a lead's (on this plan): everyone else gets none of these forms (the action refuses too). */
function leadOnly<P extends object>(Form: ComponentType<P>): (props: P) => ReactNode {
  return function LeadOnly(props: P) {
    return usePlanAbilities().lead ? <Form {...props} /> : null;
  };
}

function useStructureFetcher() {
  return useFetcher<StructureActionData>({ key: FETCHER });
}

/** The last structure answer: the shared fetcher's, or a plain post's action data. */
export function useStructureAnswer(): StructureActionData | undefined {
  const fetcher = useStructureFetcher();
  const posted = useActionData() as StructureActionData | { intent?: string } | undefined;
  const plain = posted && 'values' in posted ? (posted as StructureActionData) : undefined;
  return fetcher.data ?? plain;
}

/** The values a refused form sent (to fill it again), when the refusal was for this intent. A section's own
 * Add item (`origin=section`) is told apart from the plan-level one by `to`. */
function useRefused(intent: string, key?: string, to?: string): Record<string, string> | undefined {
  return useRefusal(intent, key, to)?.values;
}

function useRefusal(intent: string, key?: string, to?: string) {
  const answer = useStructureAnswer();
  if (!answer || answer.ok || answer.intent !== intent) return undefined;
  if (key !== undefined && answer.values.key !== key) return undefined;
  if ((answer.values.origin === 'section') !== (to !== undefined)) return undefined;
  if (to !== undefined && answer.values.to !== to) return undefined;
  return answer;
}

/** The structure change being sent right now (any structure form: they share one fetcher), or null. */
export function usePendingStructure(): PendingStructure | null {
  return pendingStructure(useStructureFetcher().formData);
}

/** Rows as they will be once the change being sent is written; the loader's rows again once it is answered
 * (a refusal rolls back: Remix reloads the page's data after every action, accepted or not). */
export function useOptimisticRows<T extends OptimisticRow>(rows: T[]) {
  return optimisticRows(rows, usePendingStructure());
}

/** Marks a post as scripted (app/lib/scripted.ts): sent by a fetcher after hydration, answered with data. */
function ScriptedField() {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated ? <input type="hidden" name={SCRIPTED_FIELD} value="1" /> : null;
}

/** A form posted through the shared fetcher; cleared after a change it made was accepted. */
function StructureForm({
  action,
  intent,
  children,
  className,
  id,
  label,
  reset = true,
  close = true,
  onAnswer,
}: {
  action: string;
  intent?: string;
  children: ReactNode;
  className?: string;
  id?: string;
  label?: string;
  reset?: boolean;
  /** Close the disclosure holding the form once its change is accepted. */
  close?: boolean;
  /** Called with the answer to this form's own post (not another form's). */
  onAnswer?: (answer: StructureActionData | undefined, form: HTMLFormElement | null) => void;
}) {
  const fetcher = useStructureFetcher();
  const ref = useRef<HTMLFormElement>(null);
  const sent = useRef(false);
  useEffect(() => {
    if (fetcher.state !== 'idle' || !sent.current) return;
    sent.current = false;
    if (fetcher.data?.ok && reset) {
      ref.current?.reset();
      if (close) ref.current?.closest('details')?.removeAttribute('open');
    }
    onAnswer?.(fetcher.data, ref.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fetcher.state, fetcher.data, reset, close]);
  return (
    <fetcher.Form
      method="post"
      action={action}
      ref={ref}
      id={id}
      aria-label={label}
      className={className}
      aria-busy={fetcher.state !== 'idle' || undefined}
      onSubmit={() => (sent.current = true)}
    >
      {intent ? <input type="hidden" name="intent" value={intent} /> : null}
      <CsrfField />
      <ScriptedField />
      {children}
    </fetcher.Form>
  );
}

/** The answer to the last structure change (its Undo is the plan frame's, as for every change). */
export function StructureBanner() {
  const answer = useStructureAnswer();
  if (!answer) return null;
  if (!answer.ok) {
    // A section's own Add item says why beside its fields (one alert, where the focus is).
    if (answer.values.origin === 'section') return null;
    return (
      <p className="banner banner-error" role="alert" data-testid="structure-banner">
        {answer.message}
      </p>
    );
  }
  return (
    <div className="banner banner-ok structure-banner" role="status" data-testid="structure-banner">
      <span>{answer.message}</span>
    </div>
  );
}

function PlaceOptions({ choices, phases = true }: { choices: StructureChoices; phases?: boolean }) {
  return (
    <>
      {choices.phases.map((p) => {
        const inPhase = choices.sections.filter((s) => s.phaseKey === p.key);
        return (
          <optgroup key={p.key} label={p.label}>
            {inPhase.map((s) => (
              <option key={s.key} value={`section:${s.key}`}>
                {s.label}
                {s.nextId ? ` — next ${s.nextId}` : ''}
              </option>
            ))}
            {phases && !inPhase.length ? <option value={`phase:${p.key}`}>{p.label} (end of the phase)</option> : null}
          </optgroup>
        );
      })}
    </>
  );
}

/** A disabled "Choose a …" first option, then one option per phase or section, by key. */
function KeyedOptions({ placeholder, items }: { placeholder: string; items: { key: string; label: string }[] }) {
  return (
    <>
      <option value="" disabled>
        {placeholder}
      </option>
      {items.map((x) => (
        <option key={x.key} value={x.key}>
          {x.label}
        </option>
      ))}
    </>
  );
}

function StatusOptions() {
  return (
    <>
      {STATUSES.map((s) => (
        <option key={s} value={s}>
          {STATUS_LABEL[s]}
        </option>
      ))}
    </>
  );
}

/** Add item, add section, rename section, add phase: disclosures that open without JavaScript. */
function PlanStructureToolsForm({
  action,
  choices,
  section,
}: {
  action: string;
  choices: StructureChoices;
  /** The section the page is about (preselected in Add item). */
  section?: string;
}) {
  const added = useRefused('add-item');
  const sectionAdded = useRefused('add-section');
  const renamed = useRefused('rename-section');
  const phaseAdded = useRefused('add-phase');
  const [to, setTo] = useState(added?.to ?? (section ? `section:${section}` : ''));
  const nextId = [
    ...choices.sections.map((s) => ({ to: `section:${s.key}`, nextId: s.nextId })),
    ...choices.phases.map((p) => ({ to: `phase:${p.key}`, nextId: p.nextId })),
  ].find((x) => x.to === to)?.nextId;
  return (
    <div className="structure-tools" data-testid="structure-tools">
      <details className="disclosure" open={!!added}>
        <summary className="button button-small">Add item</summary>
        <StructureForm action={action} intent="add-item" className="structure-form" label="Add item">
          <div className="field">
            <label htmlFor="add-to">Section</label>
            <select id="add-to" name="to" required value={to} onChange={(e) => setTo(e.currentTarget.value)}>
              <option value="" disabled>
                Choose a section
              </option>
              <PlaceOptions choices={choices} />
            </select>
          </div>
          <p className="muted next-id" data-testid="next-id" aria-live="polite">
            {nextId ? `New ID: ${nextId}` : to ? 'The new item gets no ID (its neighbours have none).' : ''}
          </p>
          <div className="field">
            <label htmlFor="add-title">Title</label>
            <input id="add-title" name="title" required maxLength={2000} defaultValue={added?.title} />
          </div>
          <div className="field">
            <label htmlFor="add-description">Description (optional)</label>
            <input id="add-description" name="description" maxLength={2000} defaultValue={added?.description} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="add-status">Starting status</label>
              <select id="add-status" name="status" defaultValue={added?.status ?? 'todo'}>
                <StatusOptions />
              </select>
            </div>
            <div className="field">
              <label htmlFor="add-after">After item (ID; empty: at the end)</label>
              <input id="add-after" name="after" maxLength={500} defaultValue={added?.after} />
            </div>
          </div>
          <button type="submit" className="button">
            Add item
          </button>
        </StructureForm>
      </details>

      <details className="disclosure" open={!!sectionAdded}>
        <summary className="button button-small">Add section</summary>
        <StructureForm action={action} intent="add-section" className="structure-form" label="Add section">
          <div className="field">
            <label htmlFor="section-phase">Phase</label>
            <select id="section-phase" name="phase" required defaultValue={sectionAdded?.phase ?? ''}>
              <KeyedOptions placeholder="Choose a phase" items={choices.phases} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="section-title">Section title</label>
            <input id="section-title" name="title" required maxLength={2000} defaultValue={sectionAdded?.title} />
          </div>
          <button type="submit" className="button">
            Add section
          </button>
        </StructureForm>
      </details>

      <details className="disclosure" open={!!renamed}>
        <summary className="button button-small">Rename section</summary>
        <StructureForm action={action} intent="rename-section" className="structure-form" label="Rename section">
          <div className="field">
            <label htmlFor="rename-section">Section</label>
            <select id="rename-section" name="section" required defaultValue={renamed?.section ?? section ?? ''}>
              <KeyedOptions placeholder="Choose a section" items={choices.sections} />
            </select>
          </div>
          <div className="field">
            <label htmlFor="rename-title">New title</label>
            <input id="rename-title" name="title" required maxLength={2000} defaultValue={renamed?.title} />
          </div>
          <button type="submit" className="button">
            Rename
          </button>
        </StructureForm>
      </details>

      <details className="disclosure" open={!!phaseAdded}>
        <summary className="button button-small">Add phase</summary>
        <StructureForm action={action} intent="add-phase" className="structure-form" label="Add phase">
          <div className="field">
            <label htmlFor="phase-name">Name</label>
            <input id="phase-name" name="name" required maxLength={2000} defaultValue={phaseAdded?.name} />
          </div>
          <div className="field">
            <label htmlFor="phase-priority">Priority</label>
            <select id="phase-priority" name="priority" defaultValue={phaseAdded?.priority ?? ''}>
              <option value="">None</option>
              <option value="HIGH">HIGH</option>
              <option value="MEDIUM">MEDIUM</option>
              <option value="LOW">LOW</option>
            </select>
          </div>
          <button type="submit" className="button">
            Add phase
          </button>
        </StructureForm>
      </details>
    </div>
  );
}

/** "Add item" at the end of one section (or of a phase without sections): a disclosure that opens without
 * JavaScript. With it the title takes the focus on opening, Escape closes it (focus back on its summary), an
 * accepted item empties the fields for the next one, and the new item shows at once as "adding…" until the
 * page holds it; a refusal keeps what was typed and says why beside the fields. */
function SectionAddItemForm({
  action,
  to,
  label,
  nextId,
}: {
  action: string;
  /** `section:KEY`, or `phase:KEY` for a phase that holds its items itself. */
  to: string;
  /** The section's number and title, as the page shows it. */
  label: string;
  nextId?: string | null;
}) {
  const uid = useId();
  const refusal = useRefusal('add-item', undefined, to);
  const pending = usePendingStructure();
  const details = useRef<HTMLDetailsElement>(null);
  const title = useRef<HTMLInputElement>(null);
  const adding =
    pending?.intent === 'add-item' && pending.values.origin === 'section' && pending.values.to === to
      ? pending.values
      : null;
  const closeOnEscape = (e: KeyboardEvent<HTMLDetailsElement>) => {
    if (e.key !== 'Escape' || !details.current?.open) return;
    e.preventDefault();
    details.current.open = false;
    details.current.querySelector('summary')?.focus();
  };
  return (
    <div className="section-add" data-testid="section-add" data-to={to}>
      {adding ? (
        <p className="pending-item" data-testid="pending-item" aria-hidden="true">
          <span className="tick-preview" />
          {nextId ? <span className="mono">{nextId}</span> : null} {adding.title}
          {adding.description?.trim() ? <span className="muted"> — {adding.description}</span> : null}
          <span className="muted"> · adding…</span>
        </p>
      ) : null}
      <details
        className="disclosure"
        open={!!refusal}
        ref={details}
        onToggle={() => details.current?.open && title.current?.focus()}
        onKeyDown={closeOnEscape}
      >
        <summary className="add-summary">
          + Add item<span className="sr-only"> to {label}</span>
        </summary>
        <StructureForm
          action={action}
          intent="add-item"
          className="structure-form section-add-form"
          label={`Add item to ${label}`}
          close={false}
          onAnswer={() => title.current?.focus()}
        >
          <input type="hidden" name="origin" value="section" />
          <input type="hidden" name="to" value={to} />
          {refusal ? (
            <p className="form-error" role="alert" data-testid="section-add-error">
              {refusal.message}
            </p>
          ) : null}
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${uid}-title`}>Title{nextId ? ` (new ID: ${nextId})` : ''}</label>
              <input
                id={`${uid}-title`}
                name="title"
                ref={title}
                required
                maxLength={2000}
                defaultValue={refusal?.values.title}
                aria-invalid={refusal ? true : undefined}
              />
            </div>
            <div className="field">
              <label htmlFor={`${uid}-description`}>Description (optional)</label>
              <input
                id={`${uid}-description`}
                name="description"
                maxLength={2000}
                defaultValue={refusal?.values.description}
              />
            </div>
          </div>
          <button type="submit" className="button button-small">
            Add<span className="sr-only"> to {label}</span>
          </button>
        </StructureForm>
      </details>
    </div>
  );
}

export interface ShapedItem {
  key: string;
  itemId: string | null;
  title: string;
  description: string;
  status: string;
  version: number;
}

/** One row's ↑ and ↓ (within its section): one form, the pressed button names the intent (a form per arrow
 * doubled the items page's markup for the same two posts, decision 040). Its fields are one string of HTML and
 * it is posted through the shared fetcher by hand (decisions 047, 052); without JavaScript it posts as it is. */
export function moveFieldsHtml(item: ShapedItem, csrf: string): string {
  const name = escapeHtml(item.itemId ?? item.title);
  return (
    (csrf ? `<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrf)}"/>` : '') +
    `<input type="hidden" name="key" value="${escapeHtml(item.key)}"/>` +
    `<input type="hidden" name="version" value="${item.version}"/>` +
    `<button name="intent" value="move-up" class="button-icon" aria-label="Move ${name} up" title="Move up">↑</button>` +
    `<button name="intent" value="move-down" class="button-icon" aria-label="Move ${name} down" title="Move down">↓</button>`
  );
}

/** What a ↑/↓ form sends with JavaScript: its fields, the pressed button's intent, marked scripted. */
function moveSubmission(event: FormEvent<HTMLElement>, form: HTMLFormElement): FormData {
  const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
  const data = new FormData(form);
  data.set('intent', submitter?.value === 'move-down' ? 'move-down' : 'move-up');
  data.set(SCRIPTED_FIELD, '1');
  return data;
}

/** The ↑/↓ forms of a table whose rows are HTML (the items page): `formHtml` writes a row's form (busy while
 * any structure change is sent, as each form was; no `action`, so it posts to the page's own address, which is
 * what it was: decision 060); the table's onSubmit sends a press. A lead's: the page shows the column to a lead
 * only. */
export function useMoveRows(action: string) {
  const fetcher = useStructureFetcher();
  const csrf = useCsrfToken();
  const busy = fetcher.state !== 'idle';
  return {
    formHtml: (item: ShapedItem) =>
      `<form method="post" class="move-buttons"${busy ? ' aria-busy="true"' : ''}>` +
      `${moveFieldsHtml(item, csrf)}</form>`,
    onSubmit(e: FormEvent<HTMLElement>) {
      const form = (e.target as Element).closest?.<HTMLFormElement>('form.move-buttons');
      if (!form) return;
      e.preventDefault();
      fetcher.submit(moveSubmission(e, form), { method: 'post', action });
    },
  };
}

function MoveButtonsForm({ action, item }: { action: string; item: ShapedItem }) {
  const fetcher = useStructureFetcher();
  const csrf = useCsrfToken();
  // The moved item's new version replaces the buttons: the focus comes back to the one pressed, for the next press.
  const keepFocus = useFocusKept();
  return (
    <form
      method="post"
      action={action}
      className="move-buttons"
      aria-busy={fetcher.state !== 'idle' || undefined}
      onFocus={keepFocus}
      onSubmit={(e) => {
        e.preventDefault();
        fetcher.submit(moveSubmission(e, e.currentTarget), { method: 'post', action });
      }}
      dangerouslySetInnerHTML={{ __html: moveFieldsHtml(item, csrf) }}
    />
  );
}

/** The item page's edit, move and remove forms. */
function ItemShapeFormsForm({
  action,
  item,
  choices,
  place,
}: {
  action: string;
  item: ShapedItem;
  choices: StructureChoices;
  /** Where it stands now (`section:KEY` / `phase:KEY`), preselected in Move. */
  place: string;
}) {
  const edited = useRefused('edit-item', item.key);
  const moved = useRefused('move-item', item.key);
  const removing = useRefused('remove-item', item.key);
  const name = item.itemId ?? item.title;
  return (
    <section className="card shape-forms" aria-labelledby="shape-h">
      <h3 id="shape-h">Change this item</h3>
      <StructureForm action={action} intent="edit-item" className="structure-form" label="Edit item" reset={false}>
        <input type="hidden" name="key" value={item.key} />
        <input type="hidden" name="version" value={item.version} />
        <div className="field">
          <label htmlFor="edit-title">Title</label>
          <input
            id="edit-title"
            name="title"
            required
            maxLength={2000}
            defaultValue={edited?.title ?? item.title}
            key={`t${item.version}`}
          />
        </div>
        <div className="field">
          <label htmlFor="edit-description">Description</label>
          <input
            id="edit-description"
            name="description"
            maxLength={2000}
            defaultValue={edited?.description ?? item.description}
            key={`d${item.version}`}
          />
        </div>
        <button type="submit" className="button">
          Save title and description
        </button>
      </StructureForm>

      <div className="shape-row">
        <StructureForm action={action} intent="move-item" className="structure-form" label="Move item" reset={false}>
          <input type="hidden" name="key" value={item.key} />
          <input type="hidden" name="version" value={item.version} />
          <div className="field-row">
            <div className="field">
              <label htmlFor="move-to">Move to</label>
              <select id="move-to" name="to" defaultValue={moved?.to ?? place} key={place}>
                <PlaceOptions choices={choices} />
              </select>
            </div>
            <div className="field">
              <label htmlFor="move-after">After item (ID; empty: at the end)</label>
              <input id="move-after" name="after" maxLength={500} defaultValue={moved?.after} />
            </div>
          </div>
          <button type="submit" className="button">
            Move
          </button>
        </StructureForm>
        <div className="field">
          <span className="label">Within its section</span>
          <MoveButtons action={action} item={item} />
        </div>
      </div>

      <details className="disclosure remove" open={!!removing}>
        <summary className="button button-small button-danger">Remove…</summary>
        <div className="structure-form">
          <p>
            Removing takes {name}&rsquo;s lines out of the document; its history stays here and its ID is never handed
            out again. To keep it in the document as dropped, cancel it instead.
          </p>
          <StructureForm action={action} intent="remove-item" className="inline-form" label="Remove item">
            <input type="hidden" name="key" value={item.key} />
            <input type="hidden" name="version" value={item.version} />
            <label className="check">
              <input type="checkbox" name="confirm" value="yes" required /> Yes, remove it
            </label>
            <button type="submit" className="button button-danger">
              Remove {name}
            </button>
          </StructureForm>
          <form method="post" action={action} className="inline-form">
            <input type="hidden" name="intent" value="set-status" />
            <CsrfField />
            <input type="hidden" name="key" value={item.key} />
            <input type="hidden" name="status" value="cancelled" />
            <input type="hidden" name="version" value={item.version} />
            <button type="submit" className="button button-quiet">
              Cancel it instead
            </button>
          </form>
        </div>
      </details>
    </section>
  );
}

export const BULK_FORM = 'bulk-form';

/** The selection's actions; the rows' checkboxes belong to this form through `form=`. */
function BulkBarForm({ action, choices }: { action: string; choices: StructureChoices }) {
  return (
    <StructureForm action={action} id={BULK_FORM} className="bulk-bar" label="Change the selected items">
      <span className="muted">Selected items:</span>
      <label className="sr-only" htmlFor="bulk-status">
        Status for the selection
      </label>
      <select id="bulk-status" name="status" defaultValue="done">
        <StatusOptions />
      </select>
      <button type="submit" name="intent" value="bulk-status" className="button button-small">
        Set status
      </button>
      <label className="sr-only" htmlFor="bulk-to">
        Move to
      </label>
      <select id="bulk-to" name="to" defaultValue="">
        <option value="" disabled>
          Move to…
        </option>
        <PlaceOptions choices={choices} />
      </select>
      <button type="submit" name="intent" value="bulk-move" className="button button-small">
        Move
      </button>
    </StructureForm>
  );
}

/** A row's selection box (part of the bulk form), as a string of HTML for rows written as HTML (the items page,
 * decision 060). Its checked state is the page's to keep when its row is written again. */
export function selectBoxHtml(item: ShapedItem): string {
  return (
    `<input type="checkbox" name="keys" form="${BULK_FORM}" aria-label="Select ${escapeHtml(item.itemId ?? item.title)}"` +
    ` value="${escapeHtml(item.key)}"/>`
  );
}

/** Curriculum's "Add to plan" for one unplanned topic (named by its source file and line). */
function AddTopicButtonForm({
  action,
  file,
  line,
  topic,
}: {
  action: string;
  file: string;
  line: number;
  topic: string;
}) {
  return (
    <StructureForm action={action} intent="add-topic" className="inline-form" reset={false}>
      <input type="hidden" name="file" value={file} />
      <input type="hidden" name="line" value={line} />
      <button type="submit" className="button button-small" aria-label={`Add ${topic} to the plan`}>
        Add to plan
      </button>
    </StructureForm>
  );
}

export const PlanStructureTools = leadOnly(PlanStructureToolsForm);
export const MoveButtons = leadOnly(MoveButtonsForm);
export const ItemShapeForms = leadOnly(ItemShapeFormsForm);
export const BulkBar = leadOnly(BulkBarForm);
export const AddTopicButton = leadOnly(AddTopicButtonForm);
export const SectionAddItem = leadOnly(SectionAddItemForm);
