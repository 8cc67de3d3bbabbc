import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIGURATION_DOC, configurationDoc } from '../src/settings/configuration-doc.ts';
import { type Setting, type SettingName, settingEntries, settings } from '../src/settings/settings-schema.ts';

describe('docs/configuration.md', () => {
  it('is what the settings schema writes (after a change to the schema: pnpm docs:configuration)', () => {
    expect(readFileSync(CONFIGURATION_DOC, 'utf8')).toBe(configurationDoc());
  });

  it('has a row for every setting, with its default, bounds, unit and description', () => {
    const doc = configurationDoc();
    for (const [name, entry] of settingEntries()) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      expect(row).toContain(entry.description);
    }
    expect(doc).toContain('| `SESSION_TTL` | 2592000 (30 days) | 60–31536000 | seconds | lifetime of a new session |');
    expect(doc).toContain('| `BODY_LIMIT` | 1048576 (1 MiB) | 1024–67108864 | bytes |');
    expect(doc).toContain('| `CHAT_TURNS_PER_DAY` | 0; 500 in production | 0–10000000 |');
    expect(doc).toContain('| `WEB_ROOT` | `apps/web/dist` |');
    expect(doc).toContain('`fatal`, `error`, `warn`, `info`, `debug`, `trace`, `silent`');
  });

  it('follows a changed default (a machine-dependent one shows its rule instead)', () => {
    const changed = settingEntries().map(([name, entry]): [SettingName, Setting] =>
      name === 'CHAT_MAX_STEPS'
        ? [name, { ...entry, type: settings.CHAT_MAX_STEPS.type.unwrap().default(7) }]
        : [name, entry],
    );
    expect(configurationDoc(changed)).toContain('| `CHAT_MAX_STEPS` | 7 | 1–50 |');
    expect(configurationDoc()).toContain('| `CHAT_MAX_STEPS` | 6 | 1–50 |');
    expect(configurationDoc()).toContain('| `PASSWORD_HASH_CONCURRENCY` | cores − 1 (at least 1) | 1–64 |');
  });
});
