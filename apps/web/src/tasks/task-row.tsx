import { useMutation } from '@tanstack/react-query';
import {
  type CSSProperties,
  type FormEvent,
  type ReactNode,
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { Menu, type MenuItem } from '../menus/menu.tsx';
import { href } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { dueText, isOverdue } from './dates.ts';
import { recurrenceText } from './recurrence.ts';
import { TaskEditor } from './task-editor.tsx';
import type { TaskNode } from './task-tree.ts';
import type { Project } from './task-types.ts';
import { useTaskActions } from './use-task-actions.ts';
import { useRefreshTasks } from './use-task-changes.ts';

/**
 * The task whose edit just ended: when saving moved it (another day's group, another list) its
 * row is a new one, which takes the focus back to its Edit button as it appears.
 */
let focusEditOf: string | null = null;

export interface RowContext {
  today: string;
  now: Date;
  projects: Map<string, Project>;
  /** The project whose view this is: its chip is not repeated on every row. */
  projectId: string | null;
  /** Whether the order here is the manual one (Move up/down offered). */
  reorderable: boolean;
  move: (id: string, place: { before: string } | { after: string }) => void;
}

export interface SortableHandle {
  setNodeRef: (element: HTMLElement | null) => void;
  style: CSSProperties;
  handle: Record<string, unknown>;
  dragging: boolean;
}

interface TaskRowProps {
  node: TaskNode;
  context: RowContext;
  highlighted: string | null;
  previousId: string | null;
  nextId: string | null;
  depth: number;
  sortable?: SortableHandle | undefined;
}

/** One task: complete it, see when it is due and what it belongs to, edit it, its subtasks under it. */
export function TaskRow({ node, context, highlighted, previousId, nextId, depth, sortable }: TaskRowProps) {
  const { task, children } = node;
  const trpc = useTRPC();
  const id = useId();
  const refresh = useRefreshTasks();
  const actions = useTaskActions();
  const createSubtask = useMutation(trpc.tasks.create.mutationOptions({ onSuccess: refresh }));
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);

  // The box shows the change at once; a refusal puts it back.
  const [done, setDone] = useState(task.completed);
  useEffect(() => setDone(task.completed), [task.completed]);
  function toggleDone(completed: boolean) {
    setDone(completed);
    const call = completed ? actions.complete(task, openDescendants(children)) : actions.reopen(task);
    call.then(
      (updated) => setDone(updated.completed),
      () => setDone(task.completed),
    );
  }

  useEffect(() => {
    if (highlighted === task.id) item.current?.scrollIntoView({ block: 'center' });
  }, [highlighted, task.id]);
  useReturnFocus(editing, editButton);
  useLayoutEffect(() => {
    if (focusEditOf !== task.id) return;
    focusEditOf = null;
    if (!item.current?.contains(document.activeElement)) editButton.current?.focus();
  }, [task.id]);
  useFocusSuccessor(item, '.quick-add input', '#tasks-title');

  const menuItems: MenuItem[] = [
    { label: 'Add subtask', onSelect: () => setAdding(true) },
    ...(context.reorderable && previousId
      ? [{ label: 'Move up', onSelect: () => context.move(task.id, { before: previousId }) }]
      : []),
    ...(context.reorderable && nextId
      ? [{ label: 'Move down', onSelect: () => context.move(task.id, { after: nextId }) }]
      : []),
    { label: 'Delete', danger: true, onSelect: () => actions.remove(task) },
  ];

  const project = context.projects.get(task.projectId);
  const overdue = !task.completed && isOverdue(task.due, context.today, context.now);
  const setRef = (element: HTMLLIElement | null) => {
    item.current = element;
    sortable?.setNodeRef(element);
  };
  const className = [
    'task',
    task.completed ? 'done' : '',
    highlighted === task.id ? 'highlighted' : '',
    `priority-${task.priority}`,
    sortable?.dragging ? 'dragging' : '',
  ]
    .filter(Boolean)
    .join(' ');

  return (
    <li ref={setRef} className={className} style={sortable?.style} data-task-id={task.id}>
      <div className="task-line" style={{ paddingLeft: `${depth * 1.5}rem` }}>
        {sortable && (
          <button type="button" className="drag-handle" aria-label={`Reorder ${task.title}`} {...sortable.handle}>
            ⠿
          </button>
        )}
        {children.length > 0 ? (
          <button
            type="button"
            className="collapse"
            aria-expanded={!collapsed}
            aria-label={`Subtasks of ${task.title}`}
            onClick={() => setCollapsed(!collapsed)}
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          depth > 0 && <span className="collapse-spacer" />
        )}
        <input
          id={`${id}-done`}
          type="checkbox"
          className="task-check"
          checked={done}
          onChange={(event) => toggleDone(event.target.checked)}
          aria-label={`Done: ${task.title}`}
        />
        <div className="task-body">
          <label htmlFor={`${id}-done`} className="task-title">
            {task.title}
            {task.recurrence && (
              <span className="repeat" title={recurrenceText(task.recurrence)}>
                {' '}
                ↻<span className="visually-hidden"> repeats {recurrenceText(task.recurrence)}</span>
              </span>
            )}
          </label>
          <TaskMeta>
            {task.priority < 4 && <span className={`chip priority p${task.priority}`}>P{task.priority}</span>}
            {task.due && (
              <span className={`due${overdue ? ' overdue' : ''}`}>
                {overdue && <span className="visually-hidden">Overdue: </span>}
                {dueText(task.due, context.today)}
              </span>
            )}
            {task.deadline && (
              <span className="deadline">
                Deadline {dueText({ date: task.deadline, time: null, at: null }, context.today)}
              </span>
            )}
            {task.reminders.length > 0 && (
              <span className="reminder-mark">
                {task.reminders.length === 1 ? 'Reminder' : `${task.reminders.length} reminders`}
              </span>
            )}
            {project && !project.inbox && context.projectId !== project.id && (
              <a
                className={`chip project color-${project.color}`}
                href={href.view({ kind: 'project', projectId: project.id })}
              >
                #{project.name}
              </a>
            )}
            {task.labels.map((name) => (
              <a key={name} className="chip label" href={href.view({ kind: 'label', label: name })}>
                @{name}
              </a>
            ))}
          </TaskMeta>
        </div>
        <button ref={editButton} type="button" onClick={() => setEditing(true)} aria-label={`Edit ${task.title}`}>
          Edit
        </button>
        <Menu label={`Actions for ${task.title}`} items={menuItems} buttonRef={menuButton} />
      </div>
      <ErrorAlert error={actions.error ?? createSubtask.error} />
      {adding && (
        <SubtaskForm
          parentTitle={task.title}
          saving={createSubtask.isPending}
          onAdd={(title, failed) =>
            createSubtask.mutate({ title, parentId: task.id, projectId: task.projectId }, { onError: failed })
          }
          onClose={() => {
            setAdding(false);
            menuButton.current?.focus();
          }}
        />
      )}
      {children.length > 0 && !collapsed && (
        <ul className="subtasks" aria-label={`Subtasks of ${task.title}`}>
          {children.map((child, index) => (
            <TaskRow
              key={child.task.id}
              node={child}
              context={context}
              highlighted={highlighted}
              previousId={children[index - 1]?.task.id ?? null}
              nextId={children[index + 1]?.task.id ?? null}
              depth={depth + 1}
            />
          ))}
        </ul>
      )}
      {editing && (
        <TaskEditor
          task={task}
          onSaved={() => {
            // Until the lists have refetched; after that a row of this task is an ordinary one.
            focusEditOf = task.id;
            setTimeout(() => {
              if (focusEditOf === task.id) focusEditOf = null;
            }, 3_000);
          }}
          onClose={() => setEditing(false)}
        />
      )}
    </li>
  );
}

/** The ids of the open subtasks under a task, at any depth (completing it completes them). */
function openDescendants(children: TaskNode[]): string[] {
  return children.flatMap((child) => [
    ...(child.task.completed ? [] : [child.task.id]),
    ...openDescendants(child.children),
  ]);
}

function TaskMeta({ children }: { children: ReactNode[] }) {
  const shown = children.filter((child) => child && !(Array.isArray(child) && child.length === 0));
  if (shown.length === 0) return null;
  return <div className="task-meta">{children}</div>;
}

interface SubtaskFormProps {
  parentTitle: string;
  saving: boolean;
  /** Adds the subtask; `failed` puts the text back when the field is still empty. */
  onAdd: (title: string, failed: () => void) => void;
  onClose: () => void;
}

/** A subtask typed under its parent: Enter adds it (and the field stays for the next), Escape closes. */
function SubtaskForm({ parentTitle, saving, onAdd, onClose }: SubtaskFormProps) {
  const [title, setTitle] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  function submit(event: FormEvent) {
    event.preventDefault();
    const typed = title.trim();
    if (!typed) return;
    // The field empties at once, so the next subtask can be typed while this one is saved.
    setTitle('');
    onAdd(typed, () => setTitle((current) => current || typed));
  }
  return (
    <form className="subtask-form" onSubmit={submit}>
      <input
        ref={input}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Escape') onClose();
        }}
        aria-label={`New subtask of ${parentTitle}`}
        maxLength={255}
      />
      <button type="submit" className="primary" disabled={!title.trim()}>
        {saving ? 'Adding…' : 'Add'}
      </button>
      <button type="button" onClick={onClose}>
        Done
      </button>
    </form>
  );
}
