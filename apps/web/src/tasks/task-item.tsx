import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { errorText } from '../errors/error-text.ts';
import { useEditFocus } from '../focus/use-edit-focus.ts';
import { useTRPC } from '../trpc.ts';

type Task = RouterOutputs['tasks']['list']['items'][number];

/** One task: complete it, edit its title in place, or delete it. */
export function TaskItem({ task, highlighted }: { task: Task; highlighted: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(task.title);
  const item = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.tasks.list.pathFilter());
  const update = useMutation(trpc.tasks.update.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.tasks.delete.mutationOptions({ onSuccess: refresh }));

  // The box shows the change at once; a refusal puts it back.
  const [done, setDone] = useState(task.completed);
  useEffect(() => setDone(task.completed), [task.completed]);
  function toggleDone(completed: boolean) {
    setDone(completed);
    update.mutate({ id: task.id, completed }, { onError: () => setDone(task.completed) });
  }

  function deleteTask() {
    // Focus moves on to the next task (or the new-task field), not to the page's start.
    const next =
      item.current?.nextElementSibling?.querySelector<HTMLElement>('input') ??
      document.querySelector<HTMLElement>('.add-task input');
    remove.mutate({ id: task.id }, { onSuccess: () => next?.focus() });
  }
  const error = update.error ?? remove.error;

  useEffect(() => {
    if (highlighted) item.current?.scrollIntoView({ block: 'center' });
  }, [highlighted]);
  useEditFocus(editing, titleInput, editButton);

  const stopEditing = () => setEditing(false);

  function save(event: FormEvent) {
    event.preventDefault();
    if (title.trim() === task.title) return stopEditing();
    update.mutate({ id: task.id, title }, { onSuccess: stopEditing });
  }

  return (
    <li ref={item} className={`task${task.completed ? ' done' : ''}${highlighted ? ' highlighted' : ''}`}>
      <input
        id={`${id}-done`}
        type="checkbox"
        checked={done}
        onChange={(event) => toggleDone(event.target.checked)}
        aria-label={`Done: ${task.title}`}
      />
      {editing ? (
        <form className="edit-task" onSubmit={save}>
          <input
            ref={titleInput}
            value={title}
            onChange={(event) => setTitle(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Escape') stopEditing();
            }}
            aria-label={`New title for ${task.title}`}
            maxLength={255}
          />
          <button type="submit" className="primary" disabled={update.isPending}>
            Save
          </button>
          <button type="button" onClick={stopEditing}>
            Cancel
          </button>
        </form>
      ) : (
        <>
          <label htmlFor={`${id}-done`} className="task-title">
            {task.title}
          </label>
          <button
            ref={editButton}
            type="button"
            onClick={() => {
              setTitle(task.title);
              setEditing(true);
            }}
            aria-label={`Edit ${task.title}`}
          >
            Edit
          </button>
          <button
            type="button"
            className="danger"
            onClick={deleteTask}
            disabled={remove.isPending}
            aria-label={`Delete ${task.title}`}
          >
            Delete
          </button>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {errorText(error)}
        </p>
      )}
    </li>
  );
}
