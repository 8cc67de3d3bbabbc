import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { useToday } from '../account/use-time-zone.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { dueText } from './dates.ts';
import type { ParsedTaskText } from './task-types.ts';
import { useRefreshTasks } from './use-task-changes.ts';

/** How long typing must pause before the text is parsed. */
const PARSE_AFTER_MS = 150;
const MAX_TEXT = 1000;

type Range = ParsedTaskText['ranges'][number];

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

/** The ranges that still match the text being typed (the answer may be for a slightly older text). */
function currentRanges(text: string, parsed: ParsedTaskText | undefined): Range[] {
  return (parsed?.ranges ?? []).filter((range) => text.slice(range.start, range.end) === range.text);
}

/** The text with its recognised ranges marked: drawn behind the transparent field. */
function mirror(text: string, ranges: Range[]): ReactNode[] {
  const parts: ReactNode[] = [];
  let at = 0;
  for (const range of ranges) {
    if (range.start < at) continue;
    if (range.start > at) parts.push(text.slice(at, range.start));
    parts.push(
      <mark key={range.start} className={`qa-${range.kind}`}>
        {range.text}
      </mark>,
    );
    at = range.end;
  }
  parts.push(`${text.slice(at)} `);
  return parts;
}

/** A chip for each recognised part: "Due Fri 4 Dec", "p1", "#Home", "@bills", "every month". */
function chips(parsed: ParsedTaskText, ranges: Range[], today: string): { key: string; kind: string; text: string }[] {
  return ranges.map((range) => {
    let text = range.text.trim();
    if (range.kind === 'due' && parsed.due) text = `Due ${dueText({ ...parsed.due, at: null }, today)}`;
    else if (range.kind === 'deadline' && parsed.deadline)
      text = `Deadline ${dueText({ date: parsed.deadline, time: null, at: null }, today)}`;
    else if (range.kind === 'priority' && parsed.priority) text = `p${parsed.priority}`;
    else if (range.kind === 'project' && parsed.project) text = `#${parsed.project}`;
    else if (range.kind === 'reminder') text = `Reminder: ${text.replace(/^(remind me|!)\s*/i, '')}`;
    return { key: `${range.kind}-${range.start}`, kind: range.kind, text };
  });
}

export interface QuickAddProps {
  /** The project a task typed here goes to unless the text names one (a project's view). */
  projectId?: string | undefined;
  /** A label a task typed here gets (a label's view). */
  label?: string | undefined;
}

/**
 * One line that becomes a task, read as the server reads it: dates, repeats, priorities,
 * #project, @labels and reminders are marked as they are recognised, and Enter adds the task.
 * Focus stays in the field, so tasks can be typed one after another.
 */
export function QuickAdd({ projectId, label }: QuickAddProps) {
  const trpc = useTRPC();
  const id = useId();
  const { today } = useToday();
  const refresh = useRefreshTasks();
  const [text, setText] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const backdrop = useRef<HTMLDivElement>(null);
  const typed = useDebounced(text, PARSE_AFTER_MS);
  // Each text is its own query: an older answer never overwrites a newer one.
  const parse = useQuery(
    trpc.tasks.parse.queryOptions(
      { text: typed },
      { enabled: typed.trim().length > 0, placeholderData: keepPreviousData, staleTime: 60_000 },
    ),
  );
  const parsed = text.trim() ? parse.data : undefined;
  const ranges = currentRanges(text, parsed);
  const add = useMutation(trpc.tasks.quickAdd.mutationOptions({ onSuccess: () => refresh() }));

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!text.trim()) return;
    // A label's view adds its label (the server reads "@name" as a label).
    const hasLabel = label && text.toLowerCase().split(/\s+/).includes(`@${label.toLowerCase()}`);
    const withLabel = label && !hasLabel ? `${text.trim()} @${label}` : text;
    // The field empties at once, so the next task can be typed while this one is saved; a
    // refusal puts the text back (unless something new was typed meanwhile).
    const typedText = text;
    setText('');
    add.mutate({ text: withLabel, projectId }, { onError: () => setText((current) => current || typedText) });
  }

  const recognised = parsed ? chips(parsed, ranges, today) : [];
  return (
    <form className="quick-add" onSubmit={submit}>
      <label htmlFor={id}>New task</label>
      <div className="quick-add-row">
        <div className="quick-add-field">
          <div ref={backdrop} className="quick-add-mirror" aria-hidden="true">
            {mirror(text, ranges)}
          </div>
          <input
            ref={input}
            id={id}
            value={text}
            onChange={(event) => setText(event.target.value)}
            onScroll={(event) => {
              if (backdrop.current) backdrop.current.scrollLeft = event.currentTarget.scrollLeft;
            }}
            placeholder="e.g. pay rent every month p1 #Home @bills"
            maxLength={MAX_TEXT}
            autoComplete="off"
            spellCheck={false}
            aria-describedby={`${id}-recognised`}
          />
        </div>
        <button type="submit" className="primary" disabled={!text.trim()}>
          Add
        </button>
      </div>
      <ul id={`${id}-recognised`} className="quick-add-chips" aria-label="Recognised">
        {recognised.map((chip) => (
          <li key={chip.key} className={`qa-chip qa-${chip.kind}`}>
            {chip.text}
          </li>
        ))}
      </ul>
      <ErrorAlert error={add.error} />
    </form>
  );
}
