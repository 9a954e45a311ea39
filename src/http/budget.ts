import { BudgetExceededError } from './errors.js';

/**
 * The run's allowance of request-body bytes (COS_MAX_BYTES). Every request reserves what it will send before it
 * sends it; a refused reservation is a BudgetExceededError, which a check reports as skipped, never as passed.
 */
export interface ByteBudget {
  reserve(bytes: number): Promise<void>;
}

/** An allowance held in this process: for one-process tools (preflight, sweep, tests). */
export class LocalBudget implements ByteBudget {
  constructor(
    private remaining: number,
    private readonly what?: string,
  ) {}

  async reserve(bytes: number): Promise<void> {
    if (bytes > this.remaining) throw new BudgetExceededError(bytes, this.remaining, this.what);
    this.remaining -= bytes;
  }

  /** Gives back bytes reserved and not sent. */
  release(bytes: number): void {
    this.remaining += bytes;
  }
}

/**
 * A budget a check can draw on in advance: `hold` reserves what a whole case will send, so a case that cannot be
 * afforded is skipped before it sends anything, rather than spending part of the allowance and stopping half way.
 * Requests then draw on the hold first; `releaseHold` gives back what was not sent.
 */
export class HoldingBudget implements ByteBudget {
  private held = 0;

  constructor(
    private readonly inner: ByteBudget,
    private readonly giveBack: (bytes: number) => Promise<void>,
  ) {}

  /** Holds `bytes` for the next case; what an earlier hold did not use goes back first. */
  async hold(bytes: number): Promise<void> {
    await this.releaseHold();
    await this.inner.reserve(bytes);
    this.held = bytes;
  }

  async reserve(bytes: number): Promise<void> {
    const fromHold = Math.min(bytes, this.held);
    this.held -= fromHold;
    if (bytes > fromHold) await this.inner.reserve(bytes - fromHold);
  }

  async releaseHold(): Promise<void> {
    const unused = this.held;
    this.held = 0;
    if (unused > 0) await this.giveBack(unused);
  }
}
