import { anyRequirement } from '../catalogue/lookup.js';
import type { Exchange } from '../http/exchange.js';
import type { Evidence } from '../outcomes/evidence.js';
import { indentXml } from './xml-indent.js';

/**
 * Evidence as text: the rule, Sent, Expected and Actual side by side (as h2spec prints them), the replay line and
 * the exchange as an HTTP conversation. The console, JUnit and the Markdown report all show this rendering.
 */
export function evidenceText(evidence: Evidence, options: { exchange?: boolean } = {}): string {
  const rule = anyRequirement(evidence.requirementId);
  const lines = [
    `${rule.id} [${rule.level}] ${rule.sentence}`,
    `  Check:    ${evidence.check}`,
    ...(evidence.case ? [`  Case:     ${evidence.case}`] : []),
    `  Sent:     ${evidence.sent}`,
    `  Expected: ${evidence.expected}`,
    `  Actual:   ${evidence.actual}`,
  ];
  if (evidence.replay) lines.push(`  Replay:   ${evidence.replay}`);
  if (options.exchange !== false && evidence.exchange) lines.push('  Exchange:', ...exchangeText(evidence.exchange).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** A setup step that did not do what a check needed. */
export function preconditionText(evidence: Evidence, options: { exchange?: boolean } = {}): string {
  const lines = [
    `${evidence.requirementId} inconclusive: a setup step did not do what the check needed`,
    `  Check:    ${evidence.check}`,
    ...(evidence.case ? [`  Case:     ${evidence.case}`] : []),
    `  Step:     ${evidence.sent}`,
    `  Needed:   ${evidence.expected}`,
    `  Answered: ${evidence.actual}`,
  ];
  if (options.exchange !== false && evidence.exchange) lines.push('  Exchange:', ...exchangeText(evidence.exchange).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** A case that ended in an error: the request that got no answer, or the suite's own exception and where. */
export function errorText(evidence: Evidence, options: { exchange?: boolean } = {}): string {
  const suite = evidence.errorKind === 'suite';
  const lines = [
    suite
      ? `${evidence.requirementId} error of the suite itself (cos-conformance broke, not the target; please report it)`
      : `${evidence.requirementId} error: a request got no answer`,
    `  Check:    ${evidence.check}`,
    ...(evidence.case ? [`  Case:     ${evidence.case}`] : []),
    `  Sent:     ${evidence.sent}`,
    `  Actual:   ${evidence.actual}`,
  ];
  if (suite && evidence.stack) lines.push('  Stack:', ...evidence.stack.split('\n').slice(1).map((l) => `    ${l.trim()}`));
  if (options.exchange !== false && evidence.exchange) lines.push('  Exchange:', ...exchangeText(evidence.exchange).split('\n').map((l) => `    ${l}`));
  return lines.join('\n');
}

/** An exchange as the lines of an HTTP conversation (`>` sent, `<` answered, `!` no answer or a resend). */
export function exchangeText(exchange: Exchange): string {
  // A resent request is judged on its second answer: the reader is told, and where the first attempt is.
  const resent =
    exchange.resentAfter === undefined
      ? []
      : [`! sent again: exchange ${exchange.resentAfter}, on a kept-alive connection, was closed before any answer`];
  const lines = [...resent, `> ${exchange.request.method} ${exchange.request.url}`];
  for (const [name, value] of Object.entries(exchange.request.headers)) lines.push(`> ${name}: ${value}`);
  if (exchange.request.bodyText) lines.push('>', ...indentXml(exchange.request.bodyText).split('\n').map((l) => `> ${l}`));
  else if (exchange.request.bodyBytes > 0) lines.push(`> [${exchange.request.bodyBytes} bytes]`);
  if (exchange.response) {
    for (const code of exchange.response.informational ?? []) lines.push(`< ${code} (informational)`);
    lines.push(`< ${exchange.response.status}`);
    for (const [name, value] of Object.entries(exchange.response.headers)) lines.push(`< ${name}: ${value}`);
    if (exchange.response.body) {
      lines.push('<', ...indentXml(exchange.response.body).split('\n').map((l) => `< ${l}`));
      if (exchange.response.bodyTruncated) lines.push('< [truncated]');
    }
  }
  if (exchange.error) lines.push(`! ${exchange.error}`);
  return lines.join('\n');
}
