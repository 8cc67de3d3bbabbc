import { useMutation } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { ConfirmPrompt } from '../editing/confirm-prompt.tsx';
import { TitleForm } from '../editing/title-form.tsx';
import { useFocusSuccessor } from '../editing/use-focus-successor.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { Menu } from '../menus/menu.tsx';
import { href, navigate } from '../routing/route.ts';
import type { Project } from '../tasks/task-types.ts';
import { useRefreshTasks } from '../tasks/use-task-changes.ts';
import { useTRPC } from '../trpc.ts';
import { colorName, PROJECT_COLORS, type ProjectColor } from './colors.ts';

/** A project in the navigation, its actions behind a menu: rename, colour, archive, delete. */
export function ProjectItem({ project, active }: { project: Project; active: boolean }) {
  const trpc = useTRPC();
  const refresh = useRefreshTasks();
  const [mode, setMode] = useState<'idle' | 'renaming' | 'colour' | 'confirm-delete'>('idle');
  const item = useRef<HTMLLIElement>(null);
  const link = useRef<HTMLAnchorElement>(null);
  const menuButton = useRef<HTMLButtonElement>(null);
  const options = { onSuccess: refresh };
  const update = useMutation(trpc.projects.update.mutationOptions(options));
  const archive = useMutation(trpc.projects.archive.mutationOptions(options));
  const remove = useMutation(
    trpc.projects.delete.mutationOptions({
      onSuccess: () => {
        if (active) navigate(href.view({ kind: 'inbox' }), { replace: true });
        return refresh();
      },
    }),
  );
  useReturnFocus(mode === 'renaming', link);
  useFocusSuccessor(item, '.add-project input');
  const error = update.error ?? archive.error ?? remove.error;
  const stop = () => setMode('idle');
  /** Closes the colour field or the question a menu item opened, the focus back on the menu's button. */
  const back = () => {
    stop();
    menuButton.current?.focus();
  };

  if (mode === 'renaming') {
    return (
      <li ref={item} className="nav-item">
        <TitleForm
          className="rename"
          initial={project.name}
          label={`New name for ${project.name}`}
          saving={update.isPending}
          onSave={(name) => update.mutate({ id: project.id, name }, { onSuccess: stop })}
          onCancel={back}
        />
        <ErrorAlert error={update.error} />
      </li>
    );
  }

  return (
    <li ref={item} className="nav-item">
      <a
        ref={link}
        className="nav-link"
        href={href.view({ kind: 'project', projectId: project.id })}
        aria-current={active ? 'page' : undefined}
      >
        <span
          className="dot"
          style={{ background: PROJECT_COLORS[project.color as ProjectColor] }}
          aria-hidden="true"
        />
        <span className="nav-name">{project.name}</span>
        {project.archived && <span className="badge">Archived</span>}
        {project.openTaskCount > 0 && (
          <span className="count">
            {project.openTaskCount}
            <span className="visually-hidden"> open</span>
          </span>
        )}
      </a>
      <Menu
        label={`Actions for project ${project.name}`}
        buttonRef={menuButton}
        items={[
          { label: 'Rename', onSelect: () => setMode('renaming') },
          { label: 'Colour', onSelect: () => setMode('colour') },
          {
            label: project.archived ? 'Unarchive' : 'Archive',
            onSelect: () => archive.mutate({ id: project.id, archived: !project.archived }),
          },
          // A deleted project cannot be brought back (its tasks can, from the trash): asked first, not undone.
          { label: 'Delete', danger: true, onSelect: () => setMode('confirm-delete') },
        ]}
      />
      {mode === 'colour' && (
        <label className="colour-pick">
          Colour of {project.name}
          <select
            value={project.color}
            // biome-ignore lint/a11y/noAutofocus: the field the menu's "Colour" opened
            autoFocus
            onChange={(event) =>
              update.mutate({ id: project.id, color: event.target.value as Project['color'] }, { onSuccess: back })
            }
            onKeyDown={(event) => {
              if (event.key === 'Escape') back();
            }}
            onBlur={stop}
          >
            {Object.keys(PROJECT_COLORS).map((color) => (
              <option key={color} value={color}>
                {colorName(color)}
              </option>
            ))}
          </select>
        </label>
      )}
      {mode === 'confirm-delete' && (
        <ConfirmPrompt
          question={`Delete “${project.name}”? Its tasks go to the trash.`}
          confirm={`Delete “${project.name}”`}
          onConfirm={() => remove.mutate({ id: project.id }, { onSettled: stop })}
          onCancel={back}
        />
      )}
      <ErrorAlert error={error} />
    </li>
  );
}
