import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The rules of CONTRIBUTING.md ("Where each kind of rule goes") that a reader could break without noticing. */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const sourceFolders = ['packages/api/src', 'packages/db/src', 'apps/server/src'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const files = sourceFolders.flatMap(sourceFiles);
const read = (file: string) => readFileSync(join(root, file), 'utf8');

/** Where statements may be built: data modules, and the connection plumbing (`Database`, transactions, jsonb values). */
const mayBuildStatements = (file: string) =>
  file.endsWith('.data.ts') || file === 'packages/api/src/database.ts' || file.startsWith('packages/db/src/');

/** A Kysely statement builder, a raw `sql` template, or Kysely itself imported as a value. */
const STATEMENT = [
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/,
  /\bsql(`|<|\.(raw|ref|join|lit|id|table|val)\b)/,
  /^import \{(?! type)[^}]*\} from 'kysely'/m,
];

describe('the layering rules', () => {
  it('builds statements only in *.data.ts modules', () => {
    const outside = files
      .filter((file) => !mayBuildStatements(file))
      .flatMap((file) =>
        read(file)
          .split('\n')
          .flatMap((line, index) =>
            STATEMENT.some((rule) => rule.test(line)) ? [`${file}:${index + 1}: ${line}`] : [],
          ),
      );
    expect(outside).toEqual([]);
  });

  it('gives every raw sql fragment its one-line why', () => {
    const unexplained = files
      .filter((file) => file.startsWith('packages/api/src/'))
      .flatMap((file) => {
        const lines = read(file).split('\n');
        return lines.flatMap((line, index) => {
          if (!/\bsql(`|<)/.test(line) || /^\s*(\*|\/\/)/.test(line)) return [];
          // The why stands on the line, or in a comment at most three lines above it.
          const above = lines.slice(Math.max(0, index - 3), index);
          const explained = line.includes('// ') || above.some((comment) => /(^|\s)\/\/ |^\s*(\/\*|\*)/.test(comment));
          return explained ? [] : [`${file}:${index + 1}: ${line.trim()}`];
        });
      });
    expect(unexplained).toEqual([]);
  });

  it('lets routers call domain functions only, each as fn(ctx, input)', () => {
    const routers = files.filter((file) => file.endsWith('.router.ts'));
    expect(routers.length).toBeGreaterThanOrEqual(6);
    for (const file of routers) {
      const source = read(file);
      expect(source, file).not.toMatch(/from '[^']*\.data\.ts'/);
      // Every handler is one call: (ctx, input), (ctx), or a subscription's ({ ...ctx, signal }, input).
      const handlers = [...source.matchAll(/\.(query|mutation|subscription)\(([\s\S]*?)\),?\n/g)].map((m) => m[2]);
      expect(handlers.length, file).toBeGreaterThan(0);
      for (const handler of handlers) {
        expect(handler?.replace(/\s+/g, ' ').trim(), file).toMatch(
          /^\(\{ ctx(, input)? \}\) => \w+\(ctx(, input)?\)$|^\(\{ ctx(, input)?, signal \}\) => \w+\(\{ \.\.\.ctx, signal \}(, input)?\)$|^\(\) => \w+\(\)$/,
        );
      }
    }
  });

  // The entities are left out: MikroORM's relations name each other (a conversation's messages, a message's conversation).
  it('has no import cycles in the API and the server', () => {
    const graph = new Map<string, string[]>();
    for (const file of files.filter((name) => !name.startsWith('packages/db/'))) {
      const imports = [...read(file).matchAll(/^(?:import|export)\b[^;]*? from '(\.{1,2}\/[^']+)'/gm)].map((m) =>
        relative(root, resolve(root, dirname(file), m[1] ?? '')),
      );
      graph.set(file, imports);
    }
    const cycles: string[] = [];
    const state = new Map<string, 'visiting' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(graph.size).toBeGreaterThan(50);
    expect(cycles).toEqual([]);
  });
});
