import { describe, expect, it } from 'vitest';
import { type ImportCall, planImport, withFileLine } from '../src/account/import-plan.ts';

const line = (value: Record<string, unknown>) => JSON.stringify(value);
const header = line({ type: 'header', version: 2 });
const project = line({ type: 'project', id: 'p' });
const task = (id: string, parentId: string | null = null, padding = '') =>
  line({ type: 'task', id, parentId, title: padding });
const conversation = (id: string) => line({ type: 'conversation', id });
const message = (id: string, conversationId: string) => line({ type: 'message', id, conversationId });

/** Each call as its procedure and the file's lines it sends. */
const shape = (calls: ImportCall[]) => calls.map((call) => [call.procedure, call.fileLines]);

describe('planImport (an export file as the calls that import it)', () => {
  it('sends the planning part to tasks.import, then each conversation, the header leading each', () => {
    const file = [
      header,
      project,
      task('a'),
      conversation('c1'),
      message('m1', 'c1'),
      '',
      message('m2', 'c1'),
      conversation('c2'),
      message('m3', 'c2'),
      '',
    ].join('\n');
    const calls = planImport(file);
    expect(shape(calls)).toEqual([
      ['tasks', [1, 2, 3]],
      ['conversation', [1, 4, 5, 7]],
      ['conversation', [1, 8, 9]],
    ]);
    expect(calls[1]?.ndjson).toBe([header, conversation('c1'), message('m1', 'c1'), message('m2', 'c1')].join('\n'));
    expect(calls.map((call) => call.about)).toEqual([2, 4, 8]);
  });

  it('makes one call for a one-conversation file, and none for the planning part it does not have', () => {
    expect(shape(planImport([conversation('c'), message('m', 'c')].join('\n')))).toEqual([['conversation', [1, 2]]]);
    expect(shape(planImport([header, conversation('c')].join('\r\n')))).toEqual([['conversation', [1, 2]]]);
    expect(planImport(`${header}\n\n`)).toEqual([]);
  });

  it('leaves a line it cannot read among the lines around it, for the server to name', () => {
    const calls = planImport([header, 'not json', conversation('c'), '{"type":"message"', '42'].join('\n'));
    expect(shape(calls)).toEqual([
      ['tasks', [1, 2]],
      ['conversation', [1, 3, 4, 5]],
    ]);
  });

  it('cuts a large planning part into calls, each with the header and projects, parents before subtasks', () => {
    const padding = 'x'.repeat(250_000);
    // The subtask comes first in the file: its parent still goes in an earlier call.
    const file = [header, project, task('child', 'parent', padding), task('parent', null, padding), task('other')];
    const calls = planImport(file.join('\n'));
    expect(shape(calls)).toEqual([
      ['tasks', [1, 2, 4, 5]],
      ['tasks', [1, 2, 3]],
    ]);
    expect(calls.every((call) => call.ndjson.length <= 400_000)).toBe(true);
  });
});

describe('withFileLine (the server’s line number as the file’s)', () => {
  const [call] = planImport([header, '', conversation('c'), message('m', 'c')].join('\n'));
  it('maps "Line n:" of the request to the line of the file', () => {
    expect(withFileLine('Line 3: role: Invalid option', call as ImportCall)).toBe('Line 4: role: Invalid option');
    expect(withFileLine('No conversation line', call as ImportCall)).toBe('No conversation line');
  });
});
