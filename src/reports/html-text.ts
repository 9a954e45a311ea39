import type { RequirementStatus } from './verdict.js';

/** Text as HTML text or attribute value. */
export const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A status as the page words it. */
export const STATUS_LABEL: Record<RequirementStatus, string> = {
  pass: 'pass',
  fail: 'fail',
  error: 'error',
  inconclusive: 'inconclusive',
  skipped: 'skipped',
  'not-applicable': 'not applicable',
  recorded: 'recorded',
  'not-run': 'not run',
  'expected-fail': 'expected fail',
  'unexpected-pass': 'unexpected pass',
};

/** Statuses that mean the target broke a rule or stopped answering, listed or not: what "failures only" shows. */
export const FAILING_STATUSES: readonly RequirementStatus[] = ['fail', 'error', 'expected-fail', 'unexpected-pass'];
