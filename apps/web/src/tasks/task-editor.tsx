import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useToday } from '../account/use-time-zone.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { instantText, wallClock, zonedInstant } from './dates.ts';
import { presetOf, RECURRENCE_PRESETS, type RecurrencePreset, ruleOf } from './recurrence.ts';
import type { ReminderInput, Task } from './task-types.ts';
import { useRefreshTasks } from './use-task-changes.ts';

type DraftReminder = { key: string } & ({ minutesBefore: number; at: null } | { minutesBefore: null; at: Date });

let reminderKeys = 0;
const draftReminders = (task: Task): DraftReminder[] =>
  task.reminders.map((reminder) =>
    reminder.minutesBefore !== null
      ? { key: reminder.id, minutesBefore: reminder.minutesBefore, at: null }
      : { key: reminder.id, minutesBefore: null, at: new Date(reminder.at as Date) },
  );

function minutesText(minutes: number): string {
  if (minutes === 0) return 'At the due time';
  const amount = Math.abs(minutes);
  const words = amount % 1440 === 0 ? `${amount / 1440} d` : amount % 60 === 0 ? `${amount / 60} h` : `${amount} min`;
  return minutes > 0 ? `${words} before` : `${words} after`;
}

const sameSet = (a: string[], b: string[]) =>
  a.length === b.length && [...a].sort().join('\n').toLowerCase() === [...b].sort().join('\n').toLowerCase();

/** Everything about a task, in a modal dialog: Escape or Cancel closes it, Save sends what changed. */
export function TaskEditor({ task, onSaved, onClose }: { task: Task; onSaved: () => void; onClose: () => void }) {
  const trpc = useTRPC();
  const id = useId();
  const { today, timeZone } = useToday();
  const refresh = useRefreshTasks();
  const dialog = useRef<HTMLDialogElement>(null);
  const projects = useQuery(trpc.projects.list.queryOptions({}));
  const labels = useQuery(trpc.labels.list.queryOptions());

  const [title, setTitle] = useState(task.title);
  const [description, setDescription] = useState(task.description ?? '');
  const [dueDate, setDueDate] = useState(task.due?.date ?? '');
  const [dueTime, setDueTime] = useState(task.due?.time ?? '');
  const [deadline, setDeadline] = useState(task.deadline ?? '');
  const [priority, setPriority] = useState<number>(task.priority);
  const [projectId, setProjectId] = useState(task.projectId);
  const [labelText, setLabelText] = useState(task.labels.join(' '));
  const [preset, setPreset] = useState<RecurrencePreset>(presetOf(task.recurrence));
  const [customRule, setCustomRule] = useState(task.recurrence ?? '');
  const [reminders, setReminders] = useState<DraftReminder[]>(() => draftReminders(task));
  const [remindersChanged, setRemindersChanged] = useState(false);
  const [minutesBefore, setMinutesBefore] = useState('30');
  const [remindAt, setRemindAt] = useState('');

  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  const update = useMutation(trpc.tasks.update.mutationOptions());
  const move = useMutation(trpc.tasks.move.mutationOptions());
  const saving = update.isPending || move.isPending;

  function addReminder(reminder: DraftReminder) {
    setReminders((current) => [...current, reminder]);
    setRemindersChanged(true);
  }

  async function save(event: FormEvent) {
    event.preventDefault();
    const changes: Parameters<typeof update.mutateAsync>[0] = { id: task.id };
    if (title.trim() !== task.title) changes.title = title.trim();
    if ((description.trim() || null) !== task.description) changes.description = description.trim() || null;
    const due = dueDate ? { date: dueDate, time: dueTime || null } : null;
    if ((due?.date ?? null) !== (task.due?.date ?? null) || (due?.time ?? null) !== (task.due?.time ?? null)) {
      changes.due = due;
    }
    if ((deadline || null) !== task.deadline) changes.deadline = deadline || null;
    if (priority !== task.priority) changes.priority = priority as Task['priority'];
    const rule = ruleOf(preset, customRule);
    if (rule !== task.recurrence) changes.recurrence = rule;
    const names = labelText
      .split(/[\s,]+/)
      .map((name) => name.replace(/^@/, ''))
      .filter(Boolean);
    if (!sameSet(names, task.labels)) changes.labels = [...new Set(names)];
    if (remindersChanged) {
      changes.reminders = reminders.map(
        (reminder): ReminderInput =>
          reminder.minutesBefore !== null ? { minutesBefore: reminder.minutesBefore } : { at: reminder.at as Date },
      );
    }
    try {
      if (Object.keys(changes).length > 1) await update.mutateAsync(changes);
      if (projectId !== task.projectId) await move.mutateAsync({ id: task.id, projectId });
      onSaved();
      dialog.current?.close();
    } catch {
      // Shown in the dialog; it stays open to fix.
    } finally {
      void refresh();
    }
  }

  const error = update.error ?? move.error;
  const selectable = (projects.data ?? []).filter((project) => !project.archived || project.id === task.projectId);
  return (
    <dialog ref={dialog} className="task-editor" aria-labelledby={`${id}-title`} onClose={onClose}>
      <form onSubmit={save} noValidate>
        <h2 id={`${id}-title`}>Edit task</h2>
        <div className="field">
          <label htmlFor={`${id}-name`}>Title</label>
          <input id={`${id}-name`} value={title} onChange={(e) => setTitle(e.target.value)} maxLength={255} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-description`}>Description</label>
          <textarea
            id={`${id}-description`}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            rows={3}
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-due`}>Due date</label>
            <input id={`${id}-due`} type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-time`}>Time (optional)</label>
            <input
              id={`${id}-time`}
              type="time"
              value={dueTime}
              disabled={!dueDate}
              onChange={(e) => setDueTime(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-deadline`}>Deadline</label>
            <input id={`${id}-deadline`} type="date" value={deadline} onChange={(e) => setDeadline(e.target.value)} />
          </div>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-priority`}>Priority</label>
            <select id={`${id}-priority`} value={priority} onChange={(e) => setPriority(Number(e.target.value))}>
              <option value={1}>P1 (urgent)</option>
              <option value={2}>P2 (high)</option>
              <option value={3}>P3 (medium)</option>
              <option value={4}>P4 (none)</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-project`}>Project</label>
            <select id={`${id}-project`} value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              {selectable.map((project) => (
                <option key={project.id} value={project.id}>
                  {project.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor={`${id}-labels`}>Labels</label>
          <input
            id={`${id}-labels`}
            value={labelText}
            onChange={(e) => setLabelText(e.target.value)}
            list={`${id}-known-labels`}
            aria-describedby={`${id}-labels-hint`}
            autoComplete="off"
          />
          <p id={`${id}-labels-hint`} className="hint">
            One word each, separated by spaces.
          </p>
          <datalist id={`${id}-known-labels`}>
            {(labels.data ?? []).map((label) => (
              <option key={label.id} value={label.name} />
            ))}
          </datalist>
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor={`${id}-repeat`}>Repeat</label>
            <select id={`${id}-repeat`} value={preset} onChange={(e) => setPreset(e.target.value as RecurrencePreset)}>
              {RECURRENCE_PRESETS.map((option) => (
                <option key={option.value} value={option.value}>
                  {option.label}
                </option>
              ))}
            </select>
          </div>
          {preset === 'custom' && (
            <div className="field grow">
              <label htmlFor={`${id}-rule`}>Rule (RRULE)</label>
              <input
                id={`${id}-rule`}
                value={customRule}
                onChange={(e) => setCustomRule(e.target.value)}
                placeholder="FREQ=WEEKLY;INTERVAL=2;BYDAY=FR"
              />
            </div>
          )}
        </div>
        <fieldset className="reminders">
          <legend>Reminders</legend>
          {reminders.length === 0 && <p className="muted">No reminders.</p>}
          <ul>
            {reminders.map((reminder) => {
              const text =
                reminder.minutesBefore !== null
                  ? minutesText(reminder.minutesBefore)
                  : instantText(reminder.at as Date, timeZone, today);
              return (
                <li key={reminder.key}>
                  <span>{text}</span>
                  <button
                    type="button"
                    className="link"
                    aria-label={`Remove reminder ${text}`}
                    onClick={() => {
                      setReminders((current) => current.filter((other) => other.key !== reminder.key));
                      setRemindersChanged(true);
                    }}
                  >
                    Remove
                  </button>
                </li>
              );
            })}
          </ul>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-before`}>Minutes before due</label>
              <input
                id={`${id}-before`}
                type="number"
                min={-1440}
                max={40320}
                value={minutesBefore}
                onChange={(e) => setMinutesBefore(e.target.value)}
              />
            </div>
            <button
              type="button"
              disabled={minutesBefore === '' || !Number.isInteger(Number(minutesBefore))}
              onClick={() =>
                addReminder({ key: `new-${++reminderKeys}`, minutesBefore: Number(minutesBefore), at: null })
              }
            >
              Add reminder before due
            </button>
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor={`${id}-at`}>Remind at</label>
              <input
                id={`${id}-at`}
                type="datetime-local"
                value={remindAt}
                min={`${today}T${wallClock(new Date(), timeZone).time}`}
                onChange={(e) => setRemindAt(e.target.value)}
              />
            </div>
            <button
              type="button"
              disabled={!remindAt}
              onClick={() => {
                const [date, time] = remindAt.split('T') as [string, string];
                addReminder({
                  key: `new-${++reminderKeys}`,
                  minutesBefore: null,
                  at: zonedInstant(date, time.slice(0, 5), timeZone),
                });
                setRemindAt('');
              }}
            >
              Add reminder at this time
            </button>
          </div>
        </fieldset>
        <ErrorAlert error={error} />
        <div className="dialog-actions">
          <button type="submit" className="primary" disabled={saving}>
            {saving ? 'Saving…' : 'Save'}
          </button>
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
