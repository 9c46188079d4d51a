// `**Last Updated**:` moved to the day of the change, in the date format the document already uses.
import type { PlanModel } from '../types';
import { findDate } from '../dates';
import type { Edits } from './edit-list';
import type { TextView } from '../text-view';

export function lastUpdatedEdit(edits: Edits, source: TextView, model: PlanModel, today: string): void {
  if (!model.lastUpdated) return;
  const { start, end } = model.lastUpdated.span;
  const found = findDate(source.slice(start, end));
  if (found) edits.replace(start + found.index, start + found.index + found.length, found.format(today));
}
