// A password for `tickmark user add`: asked twice on a terminal without echo, else read from stdin (its first
// line), so scripts can pipe it. There is no default password and none on the command line (it would sit in
// the shell's history and in `ps`).
import { CliError } from './errors';

export async function readPassword(prompt: string): Promise<string> {
  if (!process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!password)
      throw new CliError('no password on stdin: pipe one in (first line) or run on a terminal to be asked');
    return password;
  }
  const first = await askHidden(`${prompt}: `);
  const again = await askHidden('Again: ');
  if (first !== again) throw new CliError('the two passwords differ; nothing was changed');
  return first;
}

function askHidden(question: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin;
    process.stderr.write(question);
    stdin.setRawMode(true);
    stdin.resume();
    let value = '';
    const onData = (data: Buffer) => {
      for (const ch of data.toString('utf8')) {
        if (ch === '\r' || ch === '\n') {
          done();
          return resolve(value);
        }
        if (ch === '\u0003') {
          done();
          return reject(new CliError('cancelled; nothing was changed', 130));
        }
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const done = () => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stderr.write('\n');
    };
    stdin.on('data', onData);
  });
}
