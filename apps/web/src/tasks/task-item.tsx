import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { useEffect, useId, useRef, useState } from 'react';
import { TitleForm } from '../editing/title-form.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

type Task = RouterOutputs['tasks']['list']['items'][number];

/** One task: complete it, edit its title in place, or delete it. */
export function TaskItem({ task, highlighted }: { task: Task; highlighted: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [editing, setEditing] = useState(false);
  const item = useRef<HTMLLIElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const refresh = () => queryClient.invalidateQueries(trpc.tasks.list.pathFilter());
  const update = useMutation(trpc.tasks.update.mutationOptions({ onSuccess: refresh }));
  const complete = useMutation(trpc.tasks.complete.mutationOptions({ onSuccess: refresh }));
  const reopen = useMutation(trpc.tasks.reopen.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(trpc.tasks.delete.mutationOptions({ onSuccess: refresh }));

  // The box shows the change at once; a refusal puts it back.
  const [done, setDone] = useState(task.completed);
  useEffect(() => setDone(task.completed), [task.completed]);
  function toggleDone(completed: boolean) {
    setDone(completed);
    (completed ? complete : reopen).mutate({ id: task.id }, { onError: () => setDone(task.completed) });
  }

  const error = update.error ?? remove.error;

  useEffect(() => {
    if (highlighted) item.current?.scrollIntoView({ block: 'center' });
  }, [highlighted]);
  useReturnFocus(editing, editButton);
  useFocusSuccessor(item, '.add-task input');
  const stopEditing = () => setEditing(false);

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
        <TitleForm
          className="edit-task"
          initial={task.title}
          label={`New title for ${task.title}`}
          saving={update.isPending}
          onSave={(title) => update.mutate({ id: task.id, title }, { onSuccess: stopEditing })}
          onCancel={stopEditing}
        />
      ) : (
        <>
          <label htmlFor={`${id}-done`} className="task-title">
            {task.title}
          </label>
          <button ref={editButton} type="button" onClick={() => setEditing(true)} aria-label={`Edit ${task.title}`}>
            Edit
          </button>
          <button
            type="button"
            className="danger"
            // Not disabled while it runs: a disabled button drops the focus the next task should get.
            onClick={() => remove.isIdle && remove.mutate({ id: task.id })}
            aria-label={`Delete ${task.title}`}
          >
            Delete
          </button>
        </>
      )}
      <ErrorAlert error={error} />
    </li>
  );
}
