// Write a plan's links to source topics into its Source Coverage section (decision 024): the section is
// replaced when the plan has one, else appended at the end. No other byte of the plan changes.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { COVERAGE_HEADING, coverageTable, parsePlan, type CoverageLink } from '../parser/index';
import { writeFileAtomic } from './atomic-write';

/** The plan text with its Source Coverage section holding exactly `links`. */
export function withCoverageSection(text: string, links: readonly CoverageLink[]): string {
  const eol = parsePlan(text).conventions.eol;
  const section = coverageTable(links).join(eol) + eol;
  const heading = new RegExp(`^## ${COVERAGE_HEADING}[ \\t]*\\r?$`, 'm').exec(text);
  if (!heading) {
    const sep = text === '' || text.endsWith('\n') ? '' : eol;
    return `${text}${sep}${eol}${section}`;
  }
  // The section runs to the next level-1 or level-2 heading, or to the end.
  const rest = text.slice(heading.index + heading[0].length);
  const next = /^#{1,2} /m.exec(rest);
  const end = next ? heading.index + heading[0].length + next.index : text.length;
  const tail = text.slice(end);
  return text.slice(0, heading.index) + section + (tail ? eol + tail : '');
}

export class PlanChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed while the links were being written; nothing written, run the command again`);
    this.name = 'PlanChangedError';
  }
}

export async function saveCoverageLinks(path: string, links: readonly CoverageLink[]): Promise<boolean> {
  const before = await readFile(path, 'utf8');
  const after = withCoverageSection(before, links);
  if (after === before) return false;
  await writeFileAtomic(path, after, {
    beforeRename: () => {
      // Synchronous on purpose: see writeFileAtomic's beforeRename.
      if (readFileSync(path, 'utf8') !== before) throw new PlanChangedError(path);
    },
  });
  return true;
}
