// `tickmark serve`: the dashboard (see server/main.ts). Build it first with `npx remix build`.
import { optionsFromEnv, serve } from '../../server/main';

export const summary = 'Serve the dashboard on http://127.0.0.1:3000 (PORT, HOST, PLANS_DIR; build first)';

export async function run(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(
      [
        'Usage: tickmark serve [--port N] [--host ADDR] [--plans DIR]',
        '',
        'Syncs every plan in PLANS_DIR (default ./plans), watches them, and serves the dashboard built by',
        "'npx remix build'. Binds 127.0.0.1 unless HOST/--host says otherwise. Stops on SIGTERM/SIGINT.",
        '',
      ].join('\n'),
    );
    return 0;
  }
  const env = { ...process.env };
  for (let i = 0; i < args.length; i++) {
    const [flag, value] = [args[i], args[i + 1]];
    const name = { '--port': 'PORT', '--host': 'HOST', '--plans': 'PLANS_DIR' }[flag];
    if (name && value !== undefined) {
      env[name] = value;
      i++;
    } else {
      process.stderr.write(`tickmark serve: unknown argument '${flag}'\n`);
      return 2;
    }
  }
  return serve(optionsFromEnv(env));
}
