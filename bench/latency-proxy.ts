/**
 * A TCP proxy on loopback that holds every chunk for a fixed time in each direction before passing it on: a
 * network with a round-trip time of twice that delay (and no bandwidth limit), for the remote benchmark.
 *
 * Each direction of each connection is a FIFO queue, and every chunk waits the same delay, so the bytes keep their
 * order. An end (half-close) travels like data, after the bytes before it; an error or a reset on one side destroys
 * the other once the bytes before it have been delivered. TCP's own handshake is not delayed (the kernel completes
 * it on loopback before the proxy sees the connection), so a new connection costs one round trip less than on a
 * real network; a TLS handshake is data and pays its round trips in full.
 *
 * The proxy runs on the caller's event loop: a busy loop delivers chunks late. `stats()` says by how much.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  readonly port: number;
  /** Stats since start: connections, chunks and bytes forwarded, and how late chunks left after their delay. */
  stats(): ProxyStats;
  /** Closes the listener and every connection it opened (only those). */
  close(): Promise<void>;
}

export interface ProxyStats {
  readonly connections: number;
  readonly chunks: number;
  readonly bytes: number;
  /** Milliseconds past the intended delay, over all chunks. */
  readonly meanLateMs: number;
  readonly maxLateMs: number;
}

/** Bytes one direction may hold (queued plus unwritten) before the sending side is paused. */
const HIGH_WATER = 16 * 1024 * 1024;

type Item =
  | { readonly due: number; readonly chunk: Buffer }
  | { readonly due: number; readonly end: true }
  | { readonly due: number; readonly error: true };

export async function startLatencyProxy(options: {
  readonly targetHost: string;
  readonly targetPort: number;
  readonly delayMs: number;
  readonly host?: string;
}): Promise<LatencyProxy> {
  const { delayMs } = options;
  const sockets = new Set<Socket>();
  let connections = 0;
  let chunks = 0;
  let bytes = 0;
  let lateTotal = 0;
  let lateMax = 0;

  /** Forwards `from` to `to`, each chunk `delayMs` later. */
  function direction(from: Socket, to: Socket): void {
    const queue: Item[] = [];
    let queuedBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    let finished = false;

    const flush = () => {
      timer = undefined;
      const now = performance.now();
      while (queue.length > 0 && queue[0]!.due <= now) {
        const item = queue.shift()!;
        if ('chunk' in item) {
          const late = now - item.due;
          lateTotal += late;
          if (late > lateMax) lateMax = late;
          queuedBytes -= item.chunk.length;
          chunks++;
          bytes += item.chunk.length;
          if (!to.destroyed) to.write(item.chunk);
        } else if ('end' in item) {
          finished = true;
          if (!to.destroyed) to.end();
        } else {
          finished = true;
          to.destroy();
        }
      }
      if (from.isPaused() && !finished && queuedBytes + to.writableLength < HIGH_WATER / 2) from.resume();
      schedule();
    };
    const schedule = () => {
      if (timer !== undefined || queue.length === 0) return;
      timer = setTimeout(flush, Math.max(0, queue[0]!.due - performance.now()));
    };
    const push = (item: Item) => {
      if (finished) return;
      queue.push(item);
      schedule();
    };

    from.on('data', (chunk: Buffer) => {
      queuedBytes += chunk.length;
      push({ due: performance.now() + delayMs, chunk });
      if (queuedBytes + to.writableLength >= HIGH_WATER) from.pause();
    });
    to.on('drain', () => {
      if (from.isPaused() && !finished && queuedBytes + to.writableLength < HIGH_WATER / 2) from.resume();
    });
    let ended = false;
    from.on('end', () => {
      ended = true;
      push({ due: performance.now() + delayMs, end: true });
    });
    // A reset, an error or a close without an end: what was sent before it still arrives, then the other side is
    // torn down. A close after an end is the normal finish of a connection: the end has been passed on already.
    from.on('error', () => push({ due: performance.now() + delayMs, error: true }));
    from.on('close', () => {
      if (!ended) push({ due: performance.now() + delayMs, error: true });
    });
  }

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    connections++;
    const upstream = connect({ host: options.targetHost, port: options.targetPort, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.once('close', () => sockets.delete(socket));
    }
    direction(client, upstream);
    direction(upstream, client);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    port,
    stats: () => ({ connections, chunks, bytes, meanLateMs: chunks > 0 ? lateTotal / chunks : 0, maxLateMs: lateMax }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
