/**
 * The request timeout as a bound on silence, not on the whole exchange: it expires once nothing has come or gone
 * for `ms`. A target that stops answering is caught just as well, while a slow exchange that keeps moving (an
 * 8 MiB part on a machine whose cores are all taken) is not cut off for being slow.
 *
 * Its timer, like any, can come due while the event loop is stalled, and then runs before the input that arrived
 * meanwhile is read: it looks again after that poll (setImmediate) and expires only if nothing moved by then.
 */
export class IdleDeadline {
  private lastProgress = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    readonly ms: number,
    private readonly onExpire: () => void,
  ) {
    this.arm(ms);
  }

  /** Something came or went. */
  progress(): void {
    this.lastProgress = Date.now();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(() => setImmediate(() => this.check()), ms);
    this.timer.unref();
  }

  private check(): void {
    if (this.stopped) return;
    const silent = Date.now() - this.lastProgress;
    if (silent < this.ms) {
      this.arm(this.ms - silent);
      return;
    }
    this.stopped = true;
    this.onExpire();
  }
}
