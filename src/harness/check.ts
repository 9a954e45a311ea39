import { afterAll, beforeAll, test } from 'vitest';
import { requirement, requirementIdOf, type Level } from '../catalogue/requirements.js';
import type { Profile } from '../config/index.js';
import { BudgetExceededError, TargetError } from '../http/errors.js';
import { formatExchange } from '../http/exchange.js';
import { ConformanceFailure } from './failure.js';
import { Session } from './session.js';

/** What a check leaves for the reporter: the rule it checks and, when it failed, the evidence. */
export interface CheckMeta {
  readonly requirementId: string;
  readonly level: Level;
  outcome?: 'error';
  /** requirementId: the rule the failure is charged to (a model-based check can break several). */
  evidence?: { requirementId: string; sent: string; expected: string; actual: string; exchange?: string; replay?: string };
  observations?: Record<string, string>;
  /** What the check sent: for the cost table a real-COS user reads before a run. */
  usage?: { requests: number; bytesSent: number };
}

declare module 'vitest' {
  interface TaskMeta {
    conformance?: CheckMeta;
  }
}

let current: Session | undefined;

/** Binds a spec file to a session: opened before its first check, closed (and cleaned up) after its last. */
export function conformanceSpec(specUrl: string): void {
  beforeAll(async () => {
    current = await Session.open(specUrl);
  });
  afterAll(async () => {
    await current?.close();
    current = undefined;
  });
}

export interface CheckOptions {
  /** Profiles the check applies to; under another it is reported skipped with `reason`. */
  readonly profiles?: readonly Profile[];
  readonly reason?: string;
  readonly timeoutMs?: number;
}

export interface CheckContext {
  /** INFO checks: record what the target did (shown in the reports, never judged). */
  record(name: string, value: string): void;
}

/**
 * One conformance check: its title is the requirement ID and a line saying what it sends, so the ID reaches
 * JUnit and the reports. A target that cannot be reached makes it an error, not a failure; an exhausted byte
 * budget makes it skipped.
 */
export function check(title: string, body: (session: Session, context: CheckContext) => Promise<void>, options: CheckOptions = {}): void {
  const id = requirementIdOf(title);
  if (!id) throw new Error(`a check's title starts with a catalogued requirement ID (UP-NN): "${title}"`);
  const rule = requirement(id);
  test(
    title,
    async (context) => {
      const meta: CheckMeta = { requirementId: id, level: rule.level };
      context.task.meta.conformance = meta;
      const session = current;
      if (!session) throw new Error('conformanceSpec(import.meta.url) must be called at the top of the spec file');
      if (options.profiles && !options.profiles.includes(session.config.profile)) {
        context.skip(`does not apply under the ${session.config.profile} profile: ${options.reason ?? 'COS-only rule'}`);
        return;
      }
      const before = { requests: session.target.log.requests, bytesSent: session.target.log.bytesSent };
      try {
        await body(session, {
          record(name, value) {
            meta.observations = { ...meta.observations, [name]: value };
          },
        });
      } catch (error) {
        if (error instanceof BudgetExceededError) {
          context.skip(`COS_MAX_BYTES budget exhausted (${error.message})`);
          return;
        }
        if (error instanceof TargetError) meta.outcome = 'error';
        if (error instanceof ConformanceFailure) {
          const { exchange, ...rest } = error.evidence;
          meta.evidence = { ...rest, ...(exchange ? { exchange: formatExchange(exchange) } : {}) };
        }
        throw error;
      } finally {
        meta.usage = { requests: session.target.log.requests - before.requests, bytesSent: session.target.log.bytesSent - before.bytesSent };
      }
    },
    options.timeoutMs,
  );
}
