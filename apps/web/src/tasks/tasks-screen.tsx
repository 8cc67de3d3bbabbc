import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { AddProjectForm } from '../projects/add-project-form.tsx';
import { ProjectItem } from '../projects/project-item.tsx';
import { href, sameView, type TaskView } from '../routing/route.ts';
import { useTRPC } from '../trpc.ts';
import { TaskViewScreen, useProjects } from './task-view.tsx';

const FIXED: { view: TaskView; name: string }[] = [
  { view: { kind: 'inbox' }, name: 'Inbox' },
  { view: { kind: 'today' }, name: 'Today' },
  { view: { kind: 'upcoming' }, name: 'Upcoming' },
  { view: { kind: 'done' }, name: 'Done' },
];

/** The lists: Inbox, Today, Upcoming, Done, the projects (with their menus) and the labels. */
function TaskNavigation({ view }: { view: TaskView }) {
  const trpc = useTRPC();
  const projects = useProjects();
  const archived = useQuery(trpc.projects.list.queryOptions({ archived: true }));
  const labels = useQuery(trpc.labels.list.queryOptions());
  const [showArchived, setShowArchived] = useState(false);
  const current = (other: TaskView) => (sameView(view, other) ? 'page' : undefined);
  const archivedProjects = (archived.data ?? []).filter((project) => project.archived);

  return (
    <>
      <ul className="nav-list">
        {FIXED.map(({ view: fixed, name }) => (
          <li key={name} className="nav-item">
            <a className="nav-link" href={href.view(fixed)} aria-current={current(fixed)}>
              <span className="nav-name">{name}</span>
            </a>
          </li>
        ))}
      </ul>
      <h2 id="projects-heading">Projects</h2>
      <ul className="nav-list" aria-labelledby="projects-heading">
        {(projects.data ?? [])
          .filter((project) => !project.inbox && !project.archived)
          .map((project) => (
            <ProjectItem
              key={project.id}
              project={project}
              active={sameView(view, { kind: 'project', projectId: project.id })}
            />
          ))}
      </ul>
      <AddProjectForm />
      {archivedProjects.length > 0 && (
        <>
          <button
            type="button"
            className="link"
            aria-expanded={showArchived}
            onClick={() => setShowArchived(!showArchived)}
          >
            {showArchived ? 'Hide archived projects' : `Archived projects (${archivedProjects.length})`}
          </button>
          {showArchived && (
            <ul className="nav-list" aria-label="Archived projects">
              {archivedProjects.map((project) => (
                <ProjectItem
                  key={project.id}
                  project={project}
                  active={sameView(view, { kind: 'project', projectId: project.id })}
                />
              ))}
            </ul>
          )}
        </>
      )}
      <h2 id="labels-heading">Labels</h2>
      {labels.isSuccess && labels.data.length === 0 && <p className="muted">Type @name in a task to add a label.</p>}
      <ul className="nav-list" aria-labelledby="labels-heading">
        {(labels.data ?? []).map((label) => (
          <li key={label.id} className="nav-item">
            <a
              className="nav-link"
              href={href.view({ kind: 'label', label: label.name })}
              aria-current={current({ kind: 'label', label: label.name })}
            >
              <span className="nav-name">@{label.name}</span>
              {label.openTaskCount > 0 && (
                <span className="count">
                  {label.openTaskCount}
                  <span className="visually-hidden"> open</span>
                </span>
              )}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

/** The task lists beside their navigation; below 700 px the navigation folds behind a button. */
export function TasksScreen({ view, highlightId }: { view: TaskView; highlightId: string | null }) {
  const projects = useProjects();
  const archived = useProjects(true);
  const [navOpen, setNavOpen] = useState(false);
  // Choosing a list on a phone folds the navigation away again.
  const key = JSON.stringify(view);
  useEffect(() => {
    if (key) setNavOpen(false);
  }, [key]);
  const all = [
    ...(projects.data ?? []),
    ...(archived.data ?? []).filter((p) => !projects.data?.some((q) => q.id === p.id)),
  ];

  return (
    <main className="tasks-screen">
      <button
        type="button"
        className="lists-toggle"
        aria-expanded={navOpen}
        aria-controls="task-navigation"
        onClick={() => setNavOpen(!navOpen)}
      >
        {navOpen ? 'Hide lists' : 'Lists'}
      </button>
      <nav id="task-navigation" className={`task-nav${navOpen ? ' open' : ''}`} aria-label="Task lists">
        <TaskNavigation view={view} />
      </nav>
      <TaskViewScreen key={key} view={view} highlightId={highlightId} projects={all} />
    </main>
  );
}
