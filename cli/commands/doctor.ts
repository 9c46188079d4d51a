// `tickmark doctor FILE [--fix]`: encoding damage — mojibake, replacement characters, BOM, line endings.
// --fix repairs Windows-1252 mojibake in place; every other byte stays as it is.
import { findMojibake, repairMojibake } from '../../parser/index';
import { LineIndex } from '../../parser/index';
import { parseCommandLine } from '../lib/args';
import { replaceFileIfUnchanged } from '../../sync/writer';
import { readPlanFile } from '../../sync/read-plan-file';

export const summary = 'Report encoding damage (mojibake, BOM, line endings); --fix repairs mojibake in place';

const USAGE = 'tickmark doctor FILE [--fix]';
const HELP = `Usage: ${USAGE}

Reports, one line each (file:line:col severity code message):
  mojibake      UTF-8 text that was decoded as Windows-1252 and saved again (âœ… for ✅), with its repair
  replacement   U+FFFD characters: bytes an earlier tool could not decode are lost and cannot be repaired
  bom           a UTF-8 byte order mark (kept)
  line-endings  CRLF (kept) or a mix of CRLF and LF
Exits 1 when it finds damage it did not repair, 0 otherwise.

  --fix   repair the mojibake in place (atomic write; refused if the file changed meanwhile)
`;

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommandLine(args, {
    usage: USAGE,
    help: HELP,
    positionals: [1, 1],
    options: { fix: { type: 'boolean', default: false } },
  });
  if (!parsed) return 0;
  const { values, positionals } = parsed;
  const [file] = positionals;
  const { source, bytes } = await readPlanFile(file);
  const lines = new LineIndex(source);
  const say = (offset: number, severity: string, code: string, message: string) => {
    const { line, column } = lines.position(offset);
    process.stdout.write(`${file}:${line}:${column} ${severity} ${code} ${message}\n`);
  };

  if (source.charCodeAt(0) === 0xfeff) say(0, 'info', 'bom', 'starts with a UTF-8 byte order mark (kept as it is)');
  const endings = lineEndings(source);
  if (endings.crlf && endings.lf) {
    say(
      endings.firstMinority,
      'warning',
      'line-endings',
      `mixed line endings: ${endings.crlf} CRLF and ${endings.lf} LF; first of the fewer here`,
    );
  } else if (endings.crlf) {
    say(0, 'info', 'line-endings', `CRLF line endings (${endings.crlf} lines; kept as they are)`);
  }
  let replacements = 0;
  for (let i = source.indexOf('\uFFFD'); i !== -1; i = source.indexOf('\uFFFD', i + 1)) {
    if (replacements++ === 0)
      say(
        i,
        'error',
        'replacement',
        'U+FFFD replacement character: the original bytes were lost before this file was saved; retype the text',
      );
  }
  if (replacements > 1) process.stdout.write(`${file}: ${replacements} replacement characters in all\n`);

  const spans = findMojibake(source);
  for (const span of spans) {
    say(
      span.start,
      values.fix ? 'info' : 'error',
      'mojibake',
      `${JSON.stringify(span.text)} → ${JSON.stringify(span.repaired)}`,
    );
  }
  if (spans.length && values.fix) {
    await replaceFileIfUnchanged(file, repairMojibake(source), bytes);
    process.stdout.write(`${file}: repaired ${spans.length} mojibake span${spans.length === 1 ? '' : 's'}\n`);
  } else if (spans.length) {
    process.stdout.write(
      `${file}: ${spans.length} mojibake span${spans.length === 1 ? '' : 's'}; run 'tickmark doctor ${file} --fix' to repair\n`,
    );
  } else if (!replacements && !(endings.crlf && endings.lf)) {
    process.stdout.write(`${file}: no encoding damage found\n`);
  }
  const unrepaired = (values.fix ? 0 : spans.length) + replacements + (endings.crlf && endings.lf ? 1 : 0);
  return unrepaired ? 1 : 0;
}

/** Counts of CRLF and bare LF line ends, and the offset of the first line end of the rarer kind. */
function lineEndings(source: string): { crlf: number; lf: number; firstMinority: number } {
  let crlf = 0;
  let lf = 0;
  let firstCrlf = -1;
  let firstLf = -1;
  for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) {
    if (i > 0 && source.charCodeAt(i - 1) === 13) {
      if (crlf++ === 0) firstCrlf = i - 1;
    } else if (lf++ === 0) firstLf = i;
  }
  return { crlf, lf, firstMinority: crlf < lf ? firstCrlf : firstLf };
}
