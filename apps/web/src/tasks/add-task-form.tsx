import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

export function AddTaskForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const id = useId();
  const [title, setTitle] = useState('');
  const create = useMutation(
    trpc.tasks.create.mutationOptions({
      onSuccess: () => {
        setTitle('');
        return queryClient.invalidateQueries(trpc.tasks.list.pathFilter());
      },
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    if (title.trim()) create.mutate({ title });
  }

  // Focus stays in the field, so tasks can be typed one after another.
  return (
    <form className="add-task" onSubmit={submit}>
      <label htmlFor={id}>New task</label>
      <input
        id={id}
        value={title}
        onChange={(event) => setTitle(event.target.value)}
        placeholder="What needs doing?"
        maxLength={255}
      />
      <button type="submit" className="primary" disabled={create.isPending || !title.trim()}>
        Add
      </button>
      <ErrorAlert error={create.error} />
    </form>
  );
}
