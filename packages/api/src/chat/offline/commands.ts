/**
 * The offline assistant's grammar: what a user message asks for, read with a few fixed patterns.
 * A task is referred to by its number in the last list (`done 2`) or by its title (`done milk`).
 */
export type TaskReference = { number: number } | { title: string };

export type Command =
  | { kind: 'add'; title: string }
  | { kind: 'list' }
  | { kind: 'complete'; task: TaskReference }
  | { kind: 'delete'; task: TaskReference }
  | { kind: 'rename'; task: TaskReference; title: string }
  | { kind: 'help' };

function reference(text: string): TaskReference {
  const trimmed = text.trim().replace(/^(task\s+)?#?/i, '');
  return /^\d{1,6}$/.test(trimmed) ? { number: Number(trimmed) } : { title: text.trim() };
}

/** Strips final periods and exclamation marks (a loop: a regex for it backtracks on long runs). */
function withoutFinalPunctuation(text: string): string {
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === '!')) end--;
  return text.slice(0, end);
}

/** Strips quotes a user may put around a title, and a final period. */
const cleanTitle = (text: string) =>
  withoutFinalPunctuation(text.trim())
    .replace(/^["'“‘](.*)["'”’]$/s, '$1')
    .trim();

export function parseCommand(message: string): Command {
  const text = message.trim().replace(/\s+/g, ' ');
  let match = /^(?:please )?add (?:a (?:new )?task (?:to |called |named )?)?(.+)$/i.exec(text);
  if (match?.[1] && cleanTitle(match[1])) return { kind: 'add', title: cleanTitle(match[1]) };
  if (
    /^(?:list|show|tasks|todo|to-do|what are my tasks|what's on my list|show my tasks|list my tasks)\??$/i.test(text)
  ) {
    return { kind: 'list' };
  }
  match = /^(?:done|complete|finish|check off|mark) (.+?)(?: as done| as complete)?$/i.exec(text);
  if (match?.[1] && cleanTitle(match[1])) return { kind: 'complete', task: reference(cleanTitle(match[1])) };
  match = /^(?:delete|remove|drop) (.+)$/i.exec(text);
  if (match?.[1] && cleanTitle(match[1])) return { kind: 'delete', task: reference(cleanTitle(match[1])) };
  match = /^rename (.+?) to (.+)$/i.exec(text);
  if (match?.[1] && match[2] && cleanTitle(match[1]) && cleanTitle(match[2])) {
    return { kind: 'rename', task: reference(cleanTitle(match[1])), title: cleanTitle(match[2]) };
  }
  return { kind: 'help' };
}

export const HELP_TEXT = [
  'I am the offline assistant: I understand a few commands.',
  '- add <title> (or "add a task to <title>")',
  '- list (or "what are my tasks")',
  '- done <number or title>',
  '- delete <number or title>',
  '- rename <number or title> to <new title>',
  'Numbers refer to the list of open tasks.',
].join('\n');
