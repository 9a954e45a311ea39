import { REQUIREMENTS, type Level, type Requirement } from '../catalogue/requirements.js';
import type { CheckOutcome, CheckStatus } from '../outcomes/check-outcome.js';
import type { TargetStop } from '../outcomes/target-stop.js';
import type { Expectations } from './expectations.js';

/**
 * A requirement's status (docs/interpreting.md):
 * pass, fail, error, inconclusive, skipped (the byte budget ran out), not-applicable (under the profile), recorded
 * (INFO), not-run (filtered out or interrupted), and, against an expectation file, expected-fail and unexpected-pass.
 */
export type RequirementStatus = CheckStatus | 'expected-fail' | 'unexpected-pass';

export const STATUS_ORDER: readonly RequirementStatus[] = ['pass', 'fail', 'error', 'inconclusive', 'skipped', 'not-applicable', 'recorded', 'not-run', 'expected-fail', 'unexpected-pass'];

export interface RequirementOutcome {
  readonly id: string;
  readonly level: Level;
  readonly sentence: string;
  readonly source: Requirement['source'];
  readonly status: RequirementStatus;
  /** Every check that judges it, with what each said of it. */
  readonly checks: ReadonlyArray<{ readonly title: string; readonly status: CheckStatus | 'none'; readonly reason?: string }>;
  /** Why it is an error, inconclusive, skipped or not run: the first such check's reason. */
  readonly reason?: string;
  readonly errorKind?: 'target' | 'suite';
  readonly notes?: readonly string[];
  readonly observations?: Readonly<Record<string, string>>;
  readonly expectation?: { readonly reason: string; readonly link?: string; readonly status: 'fail' | 'error' | 'inconclusive'; readonly revision?: string };
  readonly usage?: { readonly requests: number; readonly bytesSent: number };
}

export type VerdictKind = 'conformant' | 'not-conformant' | 'partial' | 'no-verdict' | 'interrupted';

export interface Verdict {
  readonly kind: VerdictKind;
  /** True only for a complete run that judged every requirement and found no blocking failure. */
  readonly conformant: boolean;
  readonly strict: boolean;
  /** One line for a README badge or a CI summary. */
  readonly summary: string;
  readonly counts: Record<Level, Partial<Record<RequirementStatus, number>>>;
  readonly requirements: readonly RequirementOutcome[];
  readonly exitCode: 0 | 1 | 2 | 3 | 130;
  /** What the run set out to judge: every requirement, or those a filter selected. */
  readonly scope: { readonly requirements: number; readonly of: number; readonly filter?: string };
}

/** What a run is judged against: the requirements, and the name the verdict gives them. */
export interface Catalogue {
  readonly requirements: readonly Requirement[];
  /** "conformant to <subject>" */
  readonly subject: string;
}

export const SERVER_CATALOGUE: Catalogue = { requirements: REQUIREMENTS, subject: 'COS Upload Part' };

export interface RunFacts {
  readonly checks: readonly CheckOutcome[];
  /** The server catalogue unless given (the client mode judges its own). */
  readonly catalogue?: Catalogue;
  /** Spec files that failed before their checks could run, and why. */
  readonly fileErrors?: ReadonlyArray<{ readonly file: string; readonly message: string }>;
  readonly expectations?: Expectations;
  readonly strict: boolean;
  readonly targetName: string;
  /** `--only`/`--grep` as given: a filtered run is partial. */
  readonly filter?: string;
  /** --only: the run judges exactly these requirements, whatever else its checks touched. */
  readonly only?: readonly string[];
  readonly interrupted?: boolean;
  /** Each time the target stopped answering during the run, and whether --restart brought it back. */
  readonly stops?: readonly TargetStop[];
}

const WORST_FIRST: readonly CheckStatus[] = ['fail', 'error', 'inconclusive', 'skipped', 'pass', 'recorded', 'not-applicable', 'not-run'];

/** A requirement's status from what its checks said of it, before any expectation file. */
function statusOf(rule: Requirement, said: ReadonlyArray<{ status: CheckStatus | 'none'; ran: boolean }>, fileError: string | undefined): { status: CheckStatus; reason?: string } {
  const statuses = said.map((s) => s.status).filter((s): s is CheckStatus => s !== 'none');
  if (fileError && !statuses.some((s) => s === 'fail')) return { status: 'error', reason: fileError };
  const ran = statuses.filter((s) => s !== 'not-run');
  if (ran.length === 0) {
    // Checks that cover it ran, but none reached it (a model-based sequence that failed before it got there).
    if (said.some((s) => s.ran)) return { status: 'inconclusive', reason: 'the checks that cover it ran but never reached it' };
    return { status: 'not-run' };
  }
  const worst = WORST_FIRST.find((s) => (ran as readonly CheckStatus[]).includes(s))!;
  // INFO records; it never fails and never passes.
  if (rule.level === 'INFO' && (worst === 'fail' || worst === 'pass')) return { status: 'recorded' };
  return { status: worst };
}

/**
 * The status of each requirement from its checks, and the run's verdict. A requirement passes only when at least
 * one check judged it and none failed, errored, was inconclusive or was cut by the budget; a run claims
 * conformance only when it is complete and every MUST requirement passed (or is listed).
 */
export function judgeRun(facts: RunFacts): Verdict {
  const listed = new Map((facts.expectations?.expectedFailures ?? []).map((e) => [e.id, e]));
  const outcomes = (facts.catalogue ?? SERVER_CATALOGUE).requirements.map((rule): RequirementOutcome => {
    const asked = !facts.only || facts.only.includes(rule.id);
    const mine = asked ? facts.checks.filter((c) => c.judges.includes(rule.id)) : [];
    const said = mine.map((c) => ({ title: c.title, status: c.contributions[rule.id] ?? 'none', ...(c.reason && c.requirementId === rule.id ? { reason: c.reason } : {}) }));
    const fileError = facts.fileErrors?.find((f) => rule.specs.includes(f.file));
    const base = statusOf(rule, mine.map((c, i) => ({ status: said[i]!.status, ran: c.status !== 'not-run' })), fileError && `specs/${fileError.file}.spec.ts could not run: ${fileError.message}`);
    const explaining = base.reason ?? said.find((s) => s.status === base.status && s.reason)?.reason;
    const erring = mine.find((c) => c.requirementId === rule.id && c.errorKind);
    const expectation = listed.get(rule.id);
    const wanted = expectation?.status ?? 'fail';
    let status: RequirementStatus = base.status;
    if (expectation && base.status === wanted) status = 'expected-fail';
    else if (expectation && base.status === 'pass') status = 'unexpected-pass';
    const own = mine.filter((c) => c.requirementId === rule.id);
    const observations = Object.assign({}, ...own.map((c) => c.observations ?? {})) as Record<string, string>;
    const notes = own.flatMap((c) => c.notes ?? []);
    return {
      id: rule.id,
      level: rule.level,
      sentence: rule.sentence,
      source: rule.source,
      status,
      checks: said,
      ...(explaining ? { reason: explaining } : {}),
      ...(base.status === 'error' ? { errorKind: erring?.errorKind ?? 'suite' } : {}),
      ...(notes.length ? { notes } : {}),
      ...(Object.keys(observations).length ? { observations } : {}),
      ...(expectation ? { expectation: { reason: expectation.reason, status: wanted, ...(expectation.link ? { link: expectation.link } : {}), ...(expectation.revision ? { revision: expectation.revision } : {}) } } : {}),
      ...(own.length
        ? { usage: own.reduce((sum, c) => ({ requests: sum.requests + c.usage.requests, bytesSent: sum.bytesSent + c.usage.bytesSent }), { requests: 0, bytesSent: 0 }) }
        : {}),
    };
  });
  return verdictOf(outcomes, facts);
}

function verdictOf(outcomes: readonly RequirementOutcome[], facts: RunFacts): Verdict {
  const counts = { MUST: {}, SHOULD: {}, INFO: {} } as Record<Level, Partial<Record<RequirementStatus, number>>>;
  for (const o of outcomes) counts[o.level][o.status] = (counts[o.level][o.status] ?? 0) + 1;
  const judgedLevels = (o: RequirementOutcome) => o.level === 'MUST' || (facts.strict && o.level === 'SHOULD');
  const ids = (list: readonly RequirementOutcome[]) => list.map((o) => o.id).join(', ');
  const { strict, targetName: target } = facts;
  const subject = (facts.catalogue ?? SERVER_CATALOGUE).subject;
  const partialRun = facts.filter !== undefined;
  const inScope = outcomes.filter((o) => !partialRun || o.status !== 'not-run');
  const scope = { requirements: inScope.length, of: outcomes.length, ...(facts.filter ? { filter: facts.filter } : {}) };
  const base = { strict, counts, requirements: outcomes, scope };

  if (facts.interrupted) {
    const ran = outcomes.filter((o) => o.status !== 'not-run').length;
    return { ...base, kind: 'interrupted', conformant: false, exitCode: 130, summary: `${target}: interrupted after ${ran} of ${outcomes.length} requirements ran: no verdict` };
  }

  const failing = inScope.filter((o) => (o.status === 'fail' && (o.level === 'MUST' || (strict && o.level === 'SHOULD'))) || (strict && o.status === 'unexpected-pass'));

  // A target that stopped answering, and was not brought back: what it left unjudged is not run, never a deviation.
  const stopped = facts.stops?.find((s) => !s.restarted);
  if (stopped) {
    const first = stopped.records[0];
    const unjudged = outcomes.filter((o) => o.status === 'not-run').length;
    const before = failing.filter((o) => o.status === 'fail');
    const where = first ? ` (${first.request}${first.check ? ` in "${first.check}"` : ''}: ${first.error})` : '';
    const found = before.length ? `; before it stopped ${ids(before)} ${before.length === 1 ? 'failed' : 'failed'}` : '';
    return { ...base, kind: 'no-verdict', conformant: false, exitCode: 3, summary: `${target}: the target stopped answering${where}: no verdict (${unjudged} requirements not run because of it${found})` };
  }
  const restarts = (facts.stops ?? []).filter((s) => s.restarted);
  const restartNote = restarts.length
    ? `; the target stopped ${restarts.length} time(s) and was restarted${restarts.some((s) => s.check) ? `, during ${[...new Set(restarts.flatMap((s) => (s.check ? [`"${s.check}"`] : [])))].join(', ')}` : ''}`
    : '';
  // An exception of the suite's own is said as such, whatever else the run found: it is never the target's failure.
  const suiteFaults = [...new Set(facts.checks.filter((c) => c.errorKind === 'suite').map((c) => c.requirementId))];
  const suiteNote = suiteFaults.length ? `; the suite itself failed in the checks of ${suiteFaults.join(', ')}: an error of cos-conformance, not of the target` : '';
  const partialNote = `${partialRun ? `; partial run: ${scope.requirements} of ${scope.of} requirements (${facts.filter})` : ''}${suiteNote}${restartNote}`;
  if (failing.length > 0) {
    const stale = failing.filter((o) => o.status === 'unexpected-pass');
    const fails = failing.filter((o) => o.status === 'fail');
    const what = [fails.length ? `${ids(fails)} ${fails.length === 1 ? 'fails' : 'fail'}` : '', stale.length ? `${ids(stale)} listed as failing but ${stale.length === 1 ? 'passes' : 'pass'}` : ''].filter(Boolean).join('; ');
    return { ...base, kind: 'not-conformant', conformant: false, exitCode: 1, summary: `${target}: NOT conformant to ${subject} (${what}${partialNote})` };
  }

  const unsettled = inScope.filter((o) => judgedLevels(o) && ['error', 'inconclusive', 'skipped', 'not-run'].includes(o.status));
  if (unsettled.length > 0) {
    const byStatus = ['error', 'inconclusive', 'skipped', 'not-run'].map((s) => [s, unsettled.filter((o) => o.status === s)] as const).filter(([, list]) => list.length > 0);
    const what = byStatus.map(([s, list]) => `${ids(list)} ${s === 'skipped' ? 'skipped (byte budget)' : s}`).join('; ');
    // The suite's own exceptions are named by the note; an error line would blame no one in particular.
    const onlyTargetErrors = unsettled.every((o) => o.status === 'error' && o.errorKind === 'target');
    return { ...base, kind: 'no-verdict', conformant: false, exitCode: onlyTargetErrors ? 3 : 1, summary: `${target}: no verdict on ${subject} (${what}${partialNote})` };
  }

  const judged = inScope.filter((o) => o.level !== 'INFO' && ['pass', 'expected-fail', 'unexpected-pass', 'fail'].includes(o.status));
  if (judged.length === 0) {
    return { ...base, kind: 'no-verdict', conformant: false, exitCode: 1, summary: `${target}: no MUST or SHOULD requirement was judged: no verdict${partialNote}` };
  }
  const passed = inScope.filter((o) => o.level !== 'INFO' && (o.status === 'pass' || o.status === 'unexpected-pass')).length;
  const listedCount = inScope.filter((o) => o.status === 'expected-fail').length;
  const shouldNotMet = inScope.filter((o) => o.level === 'SHOULD' && o.status !== 'pass' && o.status !== 'not-applicable' && o.status !== 'expected-fail' && o.status !== 'unexpected-pass');
  const notApplicable = inScope.filter((o) => o.level !== 'INFO' && o.status === 'not-applicable').length;
  const extras = [
    listedCount ? `${listedCount} listed deviation${listedCount === 1 ? '' : 's'}` : '',
    shouldNotMet.length ? `SHOULD not met: ${shouldNotMet.map((o) => `${o.id} ${o.status}`).join(', ')}` : '',
    notApplicable ? `${notApplicable} not applicable` : '',
  ].filter(Boolean);
  const tally = `${passed}/${judged.length} MUST and SHOULD requirements pass${extras.length ? `, ${extras.join(', ')}` : ''}${suiteNote}${restartNote}`;
  if (partialRun) {
    return { ...base, kind: 'partial', conformant: false, exitCode: 0, summary: `${target}: partial run, no verdict on ${subject} as a whole (${scope.requirements} of ${scope.of} requirements, ${facts.filter}: ${tally})` };
  }
  return { ...base, kind: 'conformant', conformant: true, exitCode: 0, summary: `${target}: conformant to ${subject} (${tally})` };
}

/** A run that ended before any check could run (exit 2 or 3): the reports say so and name why. */
export function noVerdict(targetName: string, reason: string, exitCode: 2 | 3, catalogue: Catalogue = SERVER_CATALOGUE): Verdict {
  const requirements = catalogue.requirements.map((rule): RequirementOutcome => ({ id: rule.id, level: rule.level, sentence: rule.sentence, source: rule.source, status: 'not-run', checks: [] }));
  const counts = { MUST: {}, SHOULD: {}, INFO: {} } as Record<Level, Partial<Record<RequirementStatus, number>>>;
  for (const o of requirements) counts[o.level]['not-run'] = (counts[o.level]['not-run'] ?? 0) + 1;
  return { kind: 'no-verdict', conformant: false, strict: false, summary: `${targetName}: no verdict: ${reason}`, counts, requirements, exitCode, scope: { requirements: 0, of: requirements.length } };
}
