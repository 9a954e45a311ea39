import { connect } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type EmulatorFixture, withEmulator } from '../helpers/emulator.js';
import { signedHead } from '../helpers/signed-head.js';

// A server that closes a connection it kept idle races the client that sends its next request on it: the request
// meets the close and gets no answer. On a busy machine clients notice their own idle timers seconds late, and
// with Node's 5 s keep-alive the suite's requests were closed unanswered (test/busy-machine.test.ts). The
// emulator keeps an idle connection until its idle timeout (2 minutes), far past any client's own.

let fx: EmulatorFixture;
beforeAll(async () => {
  fx = await withEmulator();
});
afterAll(() => fx.close());

test("a connection idle between requests outlives Node's 5 s keep-alive: the next request on it is answered", async () => {
  const socket = connect(Number(fx.emulator.endpoint.port), '127.0.0.1');
  let received = '';
  let closed = false;
  socket.on('data', (data) => (received += data.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  const answers = () => received.match(/^HTTP\/1\.1 \d{3}[\s\S]*?\r\n\r\n/gm) ?? [];
  const until = async (condition: () => boolean) => {
    while (!condition() && !closed) await new Promise((resolve) => setTimeout(resolve, 10));
  };
  try {
    // HEAD of the bucket: an answer without a body, so each answer ends with its head.
    socket.write(signedHead(fx.config, 'HEAD', undefined, []));
    await until(() => answers().length === 1);
    expect(answers()[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(answers()[0]).not.toMatch(/^Connection: close/im);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect(closed).toBe(false);
    socket.write(signedHead(fx.config, 'HEAD', undefined, []));
    await until(() => answers().length === 2);
    expect(answers()[1]).toMatch(/^HTTP\/1\.1 200/);
  } finally {
    socket.destroy();
  }
}, 30_000);
