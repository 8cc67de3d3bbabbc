import { type Settings, settingDefaults } from '../settings/settings-schema.ts';

/** How imports are kept from starving other users: server configuration, the same for every import. */
export interface ImportSettings {
  /** Imports one user may start per minute (0: no limit). */
  perMinute: number;
  /** Longest one statement of an import may run, in milliseconds. */
  statementTimeoutMs: number;
}

/** The import limits from the settings (settings-schema.ts). */
export function importSettingsFrom(settings: Pick<Settings, 'IMPORTS_PER_MINUTE' | 'IMPORT_TIMEOUT'>): ImportSettings {
  return { perMinute: settings.IMPORTS_PER_MINUTE, statementTimeoutMs: settings.IMPORT_TIMEOUT };
}

/** The import limits of a server configured with nothing, with `overrides`. */
export function defaultImportSettings(overrides: Partial<ImportSettings> = {}): ImportSettings {
  return { ...importSettingsFrom(settingDefaults()), ...overrides };
}
