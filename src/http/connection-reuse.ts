import { subscribe } from 'node:diagnostics_channel';

/**
 * Which of undici's failures befell a request sent on a kept-alive connection before any byte of its answer came:
 * the mark of the keep-alive race, in which the server closes a connection it has kept idle just as the client
 * sends the next request on it. The request then meets a closed connection and never reaches the server's
 * handler. The client cannot see the close coming: it may already be on its way, and on a busy machine either
 * side notices its own idle timer seconds late.
 *
 * Learned from undici's diagnostics channels (its public instrumentation): which connection each request's
 * headers went on, whether an answer's headers came, and the error a request ended with, which is the very
 * object its caller is rejected with.
 */
const requestsSentOn = new WeakMap<object, number>();
const sentOnReused = new WeakSet<object>();
const answered = new WeakSet<object>();
const unansweredOnReused = new WeakSet<object>();

interface SendHeadersMessage {
  readonly request: object;
  readonly socket: object;
}
interface RequestMessage {
  readonly request: object;
}
interface ErrorMessage {
  readonly request: object;
  readonly error: unknown;
}

subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as SendHeadersMessage;
  const before = requestsSentOn.get(socket) ?? 0;
  requestsSentOn.set(socket, before + 1);
  if (before > 0) sentOnReused.add(request);
});
subscribe('undici:request:headers', (message) => {
  answered.add((message as RequestMessage).request);
});
subscribe('undici:request:error', (message) => {
  const { request, error } = message as ErrorMessage;
  if (sentOnReused.has(request) && !answered.has(request) && typeof error === 'object' && error !== null) unansweredOnReused.add(error);
});

/** The request that failed with `error` went on a connection that had carried earlier requests, and no answer to it began. */
export function failedUnansweredOnReusedConnection(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unansweredOnReused.has(error);
}
