import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'undici';

export const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));

/** A headless Chromium page driven over the DevTools protocol: evaluate expressions, take screenshots. */
export interface Page {
  evaluate<T>(expression: string): Promise<T>;
  /** Lays the page out at this viewport width, as a window of that width would. */
  resize(width: number, height?: number): Promise<void>;
  /** The whole page, or with `viewport` only what the window shows. */
  screenshot(options?: { viewport?: boolean }): Promise<Buffer>;
  close(): Promise<void>;
}

export async function openPage(url: string): Promise<Page> {
  if (!CHROMIUM) throw new Error('chromium is not installed (apt-get install chromium)');
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const browser: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--user-data-dir=${profile}`,
      '--remote-debugging-port=0',
      '--window-size=1400,1000',
      url,
    ],
    // Its own process group, so that closing kills the zygote, renderers and crash handler too: a survivor
    // writing into the profile makes removing it fail with ENOTEMPTY.
    { stdio: ['ignore', 'ignore', 'pipe'], detached: true },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`chromium did not start: ${err}`)), 20_000);
    browser.stderr!.on('data', (d) => {
      err += d;
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  let target: { type: string; url: string; webSocketDebuggerUrl: string } | undefined;
  for (let i = 0; i < 50 && !target; i++) {
    const list = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as Array<{
      type: string;
      url: string;
      webSocketDebuggerUrl: string;
    }>;
    target = list.find((t) => t.type === 'page' && t.url.startsWith('file:'));
    if (!target) await new Promise((r) => setTimeout(r, 100));
  }
  if (!target) throw new Error('chromium opened no page');
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, (message: { result?: unknown; error?: unknown }) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; error?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message);
  });
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result as Record<string, unknown>)));
      socket.send(JSON.stringify({ id, method, params }));
    });
  // Wait for the document to be complete.
  for (let i = 0; i < 50; i++) {
    // The first document is a blank one: wait for the file itself to be loaded.
    const state = (await send('Runtime.evaluate', { expression: 'location.href + " " + document.readyState', returnByValue: true })) as {
      result: { value: string };
    };
    if (state.result.value === `${url} complete`) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    async evaluate<T>(expression: string): Promise<T> {
      const reply = (await send('Runtime.evaluate', { expression, returnByValue: true, awaitPromise: true })) as {
        result: { value: T };
        exceptionDetails?: unknown;
      };
      if (reply.exceptionDetails) throw new Error(`page error: ${JSON.stringify(reply.exceptionDetails)}`);
      return reply.result.value;
    },
    async resize(width: number, height = 900): Promise<void> {
      await send('Emulation.setDeviceMetricsOverride', { width, height, deviceScaleFactor: 1, mobile: width < 600 });
    },
    async screenshot(options: { viewport?: boolean } = {}): Promise<Buffer> {
      const reply = (await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: options.viewport !== true })) as {
        data: string;
      };
      return Buffer.from(reply.data, 'base64');
    },
    async close(): Promise<void> {
      socket.close();
      const exited = browser.exitCode !== null ? Promise.resolve() : new Promise((r) => browser.once('exit', r));
      try {
        process.kill(-browser.pid!, 'SIGKILL');
      } catch {
        browser.kill('SIGKILL');
      }
      await exited;
      rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 100 });
    },
  };
}
