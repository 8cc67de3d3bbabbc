import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { href, navigate } from '../routing/route.ts';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';

/** A new project by name; the app goes to it. */
export function AddProjectForm() {
  const trpc = useTRPC();
  const id = useId();
  const refresh = useRefreshTasks();
  const [name, setName] = useState('');
  const create = useMutation(
    trpc.projects.create.mutationOptions({
      onSuccess: (project) => {
        setName('');
        navigate(href.view({ kind: 'project', projectId: project.id }));
        return refresh();
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    if (name.trim()) create.mutate({ name: name.trim() });
  }
  return (
    <form className="add-project" onSubmit={submit}>
      <label htmlFor={id} className="visually-hidden">
        New project
      </label>
      <input id={id} value={name} onChange={(e) => setName(e.target.value)} placeholder="New project" maxLength={100} />
      <button type="submit" disabled={create.isPending || !name.trim()}>
        Add
      </button>
      <ErrorAlert error={create.error} />
    </form>
  );
}
