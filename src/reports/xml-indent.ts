/**
 * An XML body as a person reads it: one element per line, indented by depth, an element that holds only text on
 * one line. Only the whitespace between tags changes; anything that does not parse as nested tags comes back as
 * it was, so evidence never shows less than was received.
 */
export function indentXml(text: string): string {
  const trimmed = text.trim();
  if (!trimmed.startsWith('<') || !trimmed.endsWith('>') || trimmed.includes('<![CDATA[')) return text;
  const tokens = trimmed.split(/(<[^>]*>)/).filter((t) => t.trim() !== '');
  const lines: string[] = [];
  let depth = 0;
  const push = (line: string) => lines.push(`${'  '.repeat(depth)}${line}`);
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const opening = /^<[A-Za-z_][^>]*[^/]>$|^<[A-Za-z_]>$/.test(token);
    if (token.startsWith('</')) {
      depth--;
      if (depth < 0) return text;
      push(token);
    } else if (opening) {
      const [next, after] = [tokens[i + 1], tokens[i + 2]];
      if (next?.startsWith('</')) {
        push(`${token}${next}`);
        i += 1;
      } else if (next !== undefined && !next.startsWith('<') && after?.startsWith('</')) {
        push(`${token}${next.trim()}${after}`);
        i += 2;
      } else {
        push(token);
        depth++;
      }
    } else push(token.startsWith('<') ? token : token.trim());
  }
  return depth === 0 ? lines.join('\n') : text;
}
