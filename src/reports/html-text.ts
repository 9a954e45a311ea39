import { escapeXml } from '../protocol/xml.js';
import type { RequirementStatus } from './verdict.js';

/** HTML text and attribute values are escaped as XML's are (`&apos;` is an HTML5 named reference too). */
export const escapeHtml = escapeXml;

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
