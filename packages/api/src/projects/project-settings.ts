import { type Settings, settingDefaults } from '../settings/settings-schema.ts';

/** Per-user caps of projects: server configuration, the same for every request. */
export interface ProjectSettings {
  /** Projects one user may have, the Inbox and archived ones included. */
  perUser: number;
}

/** The project caps from the settings (settings-schema.ts). */
export function projectSettingsFrom(settings: Pick<Settings, 'PROJECTS_PER_USER'>): ProjectSettings {
  return { perUser: settings.PROJECTS_PER_USER };
}

/** The project caps of a server configured with nothing, with `overrides`. */
export function defaultProjectSettings(overrides: Partial<ProjectSettings> = {}): ProjectSettings {
  return { ...projectSettingsFrom(settingDefaults()), ...overrides };
}
