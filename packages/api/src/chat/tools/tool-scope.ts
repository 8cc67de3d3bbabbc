import type { TaskScope } from '../../context.ts';
import type { Database } from '../../database.ts';
import { DomainError } from '../../errors.ts';
import { todayIn } from '../../tasks/local-time.ts';
import { selectTimeZone } from '../../tasks/tasks.data.ts';
import { type ProjectRef, selectProjectRefs } from './tool-projects.data.ts';

/** What every tool call reads first: the caller, their zone and today there, and their projects by name. */
export interface ToolScope {
  ctx: TaskScope;
  zone: string;
  now: Date;
  /** The user's date now, YYYY-MM-DD. */
  today: string;
  projects: ProjectRef[];
}

/** The user's zone and projects, read once a turn: the prompt names them, and every tool call reads them. */
export interface TurnFacts {
  zone: string;
  projects: ProjectRef[];
}

export async function loadTurnFacts(ctx: TaskScope): Promise<TurnFacts> {
  const [zone, projects] = await Promise.all([
    selectTimeZone(ctx.db, ctx.userId),
    selectProjectRefs(ctx.db, ctx.userId),
  ]);
  return { zone, projects };
}

/** A tool call's scope from the turn's facts (no statement: no tool makes or renames a project). */
export function scopeOf(ctx: TaskScope, facts: TurnFacts, now = new Date()): ToolScope {
  return { ctx, ...facts, now, today: todayIn(facts.zone, now) };
}

export async function loadToolScope(ctx: TaskScope, now = new Date()): Promise<ToolScope> {
  return scopeOf(ctx, await loadTurnFacts(ctx), now);
}

/** The scope with its database replaced by a transaction: the tool's changes happen in it. */
export function inTx(scope: ToolScope, tx: Database): ToolScope {
  return { ...scope, ctx: { ...scope.ctx, db: tx } };
}

/**
 * One of the user's projects by name, case-insensitively (NOT_FOUND "No project called “x”", a
 * tool error the model reads); `forTasks` refuses an archived one (its tasks are hidden).
 */
export function projectNamed(scope: ToolScope, name: string, options: { forTasks: boolean }): ProjectRef {
  const wanted = name.trim().replace(/^#/, '').toLowerCase();
  const project = scope.projects.find((candidate) => candidate.name.toLowerCase() === wanted);
  if (!project) throw new DomainError('NOT_FOUND', `No project called “${name}”`);
  if (options.forTasks && project.archived) {
    throw new DomainError('BAD_REQUEST', `The project “${project.name}” is archived: unarchive it first`);
  }
  return project;
}

/** A project's name by id (empty for one made since the call began). */
export function projectName(scope: ToolScope, id: string): string {
  return scope.projects.find((project) => project.id === id)?.name ?? '';
}
