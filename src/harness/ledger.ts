import { createServer } from 'node:http';
import { request } from 'undici';
import { HoldingBudget, type ByteBudget } from '../http/budget.js';
import { BudgetExceededError } from '../http/errors.js';

/**
 * The run's one byte allowance (COS_MAX_BYTES), held by the run command and shared by every spec worker: a worker
 * reserves the bytes of each request body over loopback before sending it, so spec files running side by side
 * spend one budget rather than guessed shares of it.
 */
export interface Ledger {
  readonly url: string;
  /** Bytes granted so far. */
  spent(): number;
  close(): Promise<void>;
}

export async function startLedger(maxBytes: number): Promise<Ledger> {
  let spent = 0;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://ledger');
    const bytes = Number(url.searchParams.get('bytes'));
    req.resume();
    if (req.method !== 'POST' || !Number.isSafeInteger(bytes) || bytes < 0 || !['/reserve', '/release'].includes(url.pathname)) {
      res.writeHead(400).end();
      return;
    }
    let granted = true;
    if (url.pathname === '/release') spent = Math.max(0, spent - bytes);
    else if (spent + bytes <= maxBytes) spent += bytes;
    else granted = false;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ granted, remaining: maxBytes - spent }));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    spent: () => spent,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A spec worker's view of the ledger: every reservation is granted or refused by the run command. */
export function ledgerBudget(url: string): HoldingBudget {
  const call = async (what: 'reserve' | 'release', bytes: number) => {
    const answer = await request(`${url}/${what}?bytes=${bytes}`, { method: 'POST' });
    return (await answer.body.json()) as { granted: boolean; remaining: number };
  };
  const ledger: ByteBudget = {
    async reserve(bytes) {
      if (bytes === 0) return;
      const { granted, remaining } = await call('reserve', bytes);
      if (!granted) throw new BudgetExceededError(bytes, remaining);
    },
  };
  return new HoldingBudget(ledger, async (bytes) => void (await call('release', bytes)));
}
