import type { Claims } from './claims.ts';

/** Priority (p1–p4, !!1–!!4), project (#name of a known project) and labels (@name). */

const NAME_START = /^[\p{L}\p{M}\p{N}_-]/u;

/** The first "p1".."p4" (a whole word) or "!!1".."!!4"; p1 is the most urgent, as in Todoist. */
export function takePriority(claims: Claims): 1 | 2 | 3 | 4 | null {
  const pattern = /(?<![\p{L}\p{M}\p{N}_!])(?:p|!!)([1-4])(?![\p{L}\p{M}\p{N}_])/giu;
  const match = pattern.exec(claims.masked);
  if (!match) return null;
  claims.claim('priority', match.index, match.index + match[0].length);
  return Number(match[1]) as 1 | 2 | 3 | 4;
}

/**
 * The first "#name" (at the start or after whitespace) naming one of `projects`, compared
 * case-insensitively, the longest name first ("#Home Renovation" over "#Home"); the name must end
 * at a non-name character. Answers the name as the user spelt it in `projects`.
 */
export function takeProject(claims: Claims, projects: readonly string[]): string | null {
  const names = projects.filter((name) => name.trim() !== '').sort((a, b) => b.length - a.length);
  if (names.length === 0) return null;
  const text = claims.masked;
  for (let hash = text.indexOf('#'); hash !== -1; hash = text.indexOf('#', hash + 1)) {
    if (hash > 0 && !/\s/.test(text[hash - 1] ?? '')) continue;
    const start = hash + 1;
    const name = names.find((candidate) => {
      const end = start + candidate.length;
      const spelt = text.slice(start, end);
      return spelt.toLowerCase() === candidate.toLowerCase() && !NAME_START.test(text.slice(end, end + 2));
    });
    if (name !== undefined) {
      claims.claim('project', hash, start + name.length);
      return name;
    }
  }
  return null;
}

/** Every "@name" at the start or after whitespace (letters, marks, digits, _ and -), deduplicated case-insensitively. */
export function takeLabels(claims: Claims): string[] {
  const labels: string[] = [];
  const seen = new Set<string>();
  for (const match of claims.masked.matchAll(/(?<!\S)@([\p{L}\p{M}\p{N}_-]+)/gu)) {
    const name = match[1] ?? '';
    claims.claim('label', match.index, match.index + match[0].length);
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      labels.push(name);
    }
  }
  return labels;
}
