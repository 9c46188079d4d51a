// Read gap analyses named on the command line into topics, or refuse with one line per problem.
import { basename } from 'node:path';
import { parseSource, type SourceModel } from '../../parser/index';
import { CliError } from './errors';
import { readPlanFile } from '../../sync/read-plan-file';

/**
 * Each file parsed as a source, topics named by the file's base name (what a plan's coverage table records).
 * Throws a CliError naming file:line:col when a file has no topic table or an error diagnostic.
 */
export async function readSources(paths: readonly string[]): Promise<SourceModel[]> {
  const models: SourceModel[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    const { source } = await readPlanFile(path);
    const model = parseSource(source, basename(path));
    for (const d of model.diagnostics) {
      if (d.severity === 'error') problems.push(`${path}:${d.line}:${d.column} ${d.code} ${d.message}`);
    }
    if (model.tables === 0 && !model.diagnostics.some((d) => d.severity === 'error')) {
      problems.push(
        `${path}: no topic table found; a source needs a table with Status and Priority columns under category headings`,
      );
    }
    models.push(model);
  }
  if (problems.length === 1) throw new CliError(problems[0]);
  if (problems.length) {
    for (const problem of problems) process.stderr.write(`${problem}\n`);
    throw new CliError(`${problems.length} problems in the sources (listed above); nothing written`);
  }
  return models;
}
