// Chromium for the browser tests (tests/e2e/app/), and the app they drive: the built server on a fresh plans
// folder that each test fills with its own fixtures.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { buildApp, ROOT, startServer, type RunningServer } from './server';

// Debian's chromium, as the README asks: `npx playwright install` cannot download a browser here.
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox'];

/** Where the browser tests' screenshots go. */
export const SHOTS = path.join(ROOT, 'test-results');

/** Launches CHROMIUM headless; a caller's `args` come after FLAGS, its other options are passed as given. */
export function launchChromium(options: Omit<LaunchOptions, 'executablePath'> = {}): Promise<Browser> {
  return chromium.launch({ ...options, executablePath: CHROMIUM, args: [...FLAGS, ...(options.args ?? [])] });
}

export interface BrowserApp {
  plansDir: string;
  server: RunningServer;
  browser: Browser;
  /** Closes the browser, stops the server and removes the plans folder. */
  stop(): Promise<void>;
}

/**
 * Builds the app, makes a fresh plans folder (`prefix` plus random characters, in the temp folder), lets `fill`
 * put the test's files in it, starts the server on it, launches Chromium and makes SHOTS. On a failure it undoes
 * what it did before throwing.
 */
export async function startBrowserApp(prefix: string, fill: (plansDir: string) => void): Promise<BrowserApp> {
  buildApp();
  const plansDir = mkdtempSync(path.join(tmpdir(), prefix));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close();
    await server?.stop();
    rmSync(plansDir, { recursive: true, force: true });
  };
  try {
    fill(plansDir);
    server = await startServer({ plansDir });
    browser = await launchChromium();
    mkdirSync(SHOTS, { recursive: true });
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
  return { plansDir, server, browser, stop };
}
