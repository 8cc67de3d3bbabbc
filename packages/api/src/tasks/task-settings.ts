import { type Settings, settingDefaults } from '../settings/settings-schema.ts';

/** The per-user caps of the tasks domain: server configuration, the same for every user. */
export interface TaskSettings {
  /** Tasks one user may hold, the trash included. */
  tasksPerUser: number;
  /** Labels one user may hold. */
  labelsPerUser: number;
}

/** The caps from the settings (settings-schema.ts). */
export function taskSettingsFrom(settings: Pick<Settings, 'TASKS_PER_USER' | 'LABELS_PER_USER'>): TaskSettings {
  return { tasksPerUser: settings.TASKS_PER_USER, labelsPerUser: settings.LABELS_PER_USER };
}

/** The caps of a server configured with nothing, with `overrides`. */
export function defaultTaskSettings(overrides: Partial<TaskSettings> = {}): TaskSettings {
  return { ...taskSettingsFrom(settingDefaults()), ...overrides };
}
