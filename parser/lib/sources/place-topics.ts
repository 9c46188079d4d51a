// Where unplanned topics go in an existing plan (issue 12: "Add to plan", `tickmark plan merge`): each into
// the section of its category in the phase of its priority — a new section at the end of that phase when it
// has none, a new phase when no phase has that priority. The result is a list of structure changes for the
// write-back engine, each item with the next free ID of its section's prefix: existing items, IDs,
// statuses and the progress log are never touched.
import type { PlanModel, Section } from '../types';
import type { StructureChange } from '../structure/types';
import { idShape, nextId } from '../structure/item-text';
import { prefixFor, prefixOfId } from './prefixes';
import { normaliseTopic } from './topic-names';

export interface TopicToPlace {
  topic: string;
  description: string;
  category: string;
  priority: string | null;
}

/** A section serves a category when one title is the other or starts with it (`Caching` ↔ `Caching Problems`). */
function servesCategory(section: Section, category: string): boolean {
  const a = normaliseTopic(section.title);
  const b = normaliseTopic(category);
  return !!a && !!b && (a === b || a.startsWith(`${b} `) || b.startsWith(`${a} `));
}

/** A topic title as an item title: ` - ` would split it into title and description, so it becomes ` – `. */
const itemTitle = (topic: string) => topic.replace(/ - /g, ' – ').replace(/\s+/g, ' ').trim();
const itemDescription = (text: string) => text.replace(/\s+/g, ' ').trim();

/**
 * `knownIds`: every ID the plan has or ever had (removed items too, from the database), so a new section's
 * prefix and first ID are never ones a removed item used.
 */
export function topicChanges(
  model: PlanModel,
  topics: readonly TopicToPlace[],
  opts: { knownIds?: Iterable<string> } = {},
): StructureChange[] {
  const changes: StructureChange[] = [];
  const taken = new Set<string>(opts.knownIds ?? []);
  const used = new Map<string, string[]>();
  for (const item of model.items) {
    if (item.id) taken.add(item.id);
    const prefix = prefixOfId(item.id);
    const section = model.sections.find((s) => s.key === item.sectionKey);
    if (prefix) used.set(prefix, [...(used.get(prefix) ?? []), ...(section ? [section.title] : [])]);
  }
  for (const id of taken) {
    const prefix = prefixOfId(id);
    if (prefix && !used.has(prefix)) used.set(prefix, []);
  }
  let nextPhase = Math.max(0, ...model.phases.map((p) => p.number ?? 0)) + 1;
  const newPhases = new Map<string, string>();
  // Groups in first-seen order, so each new section is the last of its phase while its items are added.
  const groups = new Map<string, { phase: string; section: string | null; category: string; topics: TopicToPlace[] }>();
  for (const t of topics) {
    const priority = t.priority?.toUpperCase() ?? null;
    const existing =
      model.phases.find((p) => priority !== null && p.priority?.toUpperCase() === priority) ??
      (priority === null ? model.phases[model.phases.length - 1] : undefined);
    let phase: string;
    if (existing) phase = existing.key;
    else {
      const key = priority ?? 'NONE';
      if (!newPhases.has(key)) {
        newPhases.set(key, String(nextPhase++));
        changes.push({
          kind: 'add-phase',
          name: `${priority ?? 'Other'} Priority Items`,
          priority: priority ?? undefined,
        });
      }
      phase = newPhases.get(key)!;
    }
    const section = existing
      ? model.sections.find((s) => s.phaseKey === existing.key && servesCategory(s, t.category))
      : undefined;
    const id = `${phase}\u0000${section ? section.key : normaliseTopic(t.category)}`;
    const group = groups.get(id) ?? { phase, section: section?.key ?? null, category: t.category, topics: [] };
    group.topics.push(t);
    groups.set(id, group);
  }
  const usesIds = model.items.some((i) => prefixOfId(i.id) !== null);
  // Every new item gets its ID here, in order, from one set of taken IDs: the engine numbering some of them
  // (a section's next from its sibling) while others were named up front gave one ID twice when a category
  // had a section in one phase and got a new one in another (Data Engineering: DATA-005 in both).
  const shapeOfSection = (key: string) => {
    const ids = model.items.filter((i) => i.sectionKey === key && i.id).map((i) => i.id!);
    return ids.length ? idShape(ids[ids.length - 1]) : null;
  };
  for (const g of groups.values()) {
    let shape: { prefix: string; width: number } | null = null;
    if (g.section === null) {
      changes.push({ kind: 'add-section', phase: g.phase, title: g.category.trim() });
      if (usesIds) {
        // A new section's prefix is derived from the category, never an unrelated section's.
        const prefix = prefixFor(g.category, used);
        used.set(prefix, [...(used.get(prefix) ?? []), g.category]);
        shape = { prefix: `${prefix}-`, width: 3 };
      }
    } else if (usesIds) shape = shapeOfSection(g.section);
    for (const t of g.topics) {
      const description = itemDescription(t.description);
      const id = shape ? nextId(shape.prefix, shape.width, taken) : undefined;
      if (id) taken.add(id);
      changes.push({
        kind: 'add-item',
        // A new section is its phase's last, which is where an item added to the phase goes.
        ...(g.section !== null ? { section: g.section } : { phase: g.phase }),
        title: itemTitle(t.topic),
        ...(description ? { description } : {}),
        ...(id ? { id } : {}),
      });
    }
  }
  return changes;
}
