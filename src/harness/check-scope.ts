import { AsyncLocalStorage } from 'node:async_hooks';
import type { HoldingBudget } from '../http/budget.js';

/**
 * What belongs to one running check while the checks of a spec file run side by side on one session: the byte
 * share it spends and the requests it sent. Every request made in the check's asynchronous context is charged
 * here, so neither a neighbour's requests nor its bytes ever count against it.
 */
export interface CheckScope {
  /** The check's title: the run names it when the target stops during one of its requests. */
  readonly title: string;
  readonly budget: HoldingBudget;
  readonly usage: { requests: number; bytesSent: number };
}

const scopes = new AsyncLocalStorage<CheckScope>();

export function runInCheckScope<T>(scope: CheckScope, work: () => Promise<T>): Promise<T> {
  return scopes.run(scope, work);
}

/** The scope of the check this code runs for; undefined outside any check (a spec file's cleanup). */
export function currentCheckScope(): CheckScope | undefined {
  return scopes.getStore();
}
