import type { MessagePart } from '@taskchat/client';
import { describe, expect, it } from 'vitest';
import { changesTasks, chipLinks, displayParts } from '../src/chat/display-parts.ts';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';

const result = (toolName: string, output: Extract<MessagePart, { type: 'tool-result' }>['output']): MessagePart => ({
  type: 'tool-result',
  toolCallId: `call-${toolName}`,
  toolName,
  output,
});

describe('displayParts (what a stored or streaming answer shows)', () => {
  it('says what changed, in the result’s words, one chip per task of a bulk result', () => {
    const parts: MessagePart[] = [
      result('add_tasks', {
        tasks: [
          { number: 1, id: A, title: 'eggs', change: 'Added “eggs”' },
          { number: 2, id: B, title: 'bread', change: 'Added “bread”' },
        ],
      }),
      { type: 'text', text: 'Added 2 tasks.' },
    ];
    expect(displayParts(parts)).toEqual([
      { kind: 'task', label: 'Added “eggs”', taskId: A, effect: 'add' },
      { kind: 'task', label: 'Added “bread”', taskId: B, effect: 'add' },
      { kind: 'text', text: 'Added 2 tasks.' },
    ]);
  });

  it('falls back to the verb and title for messages stored before results said what changed', () => {
    const parts = [
      result('add_task', { id: A, title: 'buy oat milk' }),
      result('complete_task', { id: A, title: 'buy oat milk', completed: true }),
      result('update_task', { id: A, title: 'buy milk', description: null, completed: false }),
      result('delete_task', { id: A, title: 'buy milk', deleted: true }),
    ];
    expect(displayParts(parts).map((part) => part.kind === 'task' && [part.label, part.effect])).toEqual([
      ['added task buy oat milk', 'add'],
      ['completed task buy oat milk', 'change'],
      ['updated task buy milk', 'change'],
      ['deleted task buy milk', 'delete'],
    ]);
  });

  it('shows every changing tool of the contract, and no chip for a list or an unknown tool', () => {
    const task = (change: string) => ({ number: 1, id: A, title: 'dentist', change });
    const parts = [
      result('list_tasks', { tasks: [{ number: 1, id: A, title: 'dentist' }], more: false }),
      result('update_task', task('Renamed “dentist” to “dentist at 9”')),
      result('complete_tasks', { tasks: [task('Completed “dentist”')], missing: [] }),
      result('reschedule_tasks', { tasks: [task('Moved “dentist” to Tue 8 Dec')], missing: [] }),
      result('move_task', task('Moved “dentist” to #Health')),
      result('delete_tasks', { tasks: [task('Deleted “dentist”')], missing: [B] }),
      result('undo_last_turn', { reverted: [{ id: A, title: 'dentist', change: 'Restored “dentist”' }] }),
      result('undo_last_turn', { reverted: [], nothing: 'No changes to undo' }),
      result('search_web', { id: A, title: 'x' }),
    ];
    expect(displayParts(parts).map((part) => part.kind === 'task' && [part.label, part.effect])).toEqual([
      ['Renamed “dentist” to “dentist at 9”', 'change'],
      ['Completed “dentist”', 'change'],
      ['Moved “dentist” to Tue 8 Dec', 'change'],
      ['Moved “dentist” to #Health', 'change'],
      ['Deleted “dentist”', 'delete'],
      ['Restored “dentist”', 'revert'],
    ]);
    expect(changesTasks(parts)).toBe(true);
    expect(changesTasks([parts[0] as MessagePart, { type: 'text', text: 'Here they are.' }])).toBe(false);
    expect(changesTasks(null)).toBe(false);
  });

  it('shows a call at work until its result, and a tool’s error as it is', () => {
    const call: MessagePart = { type: 'tool-call', toolCallId: 'c1', toolName: 'add_tasks', input: { tasks: [] } };
    expect(displayParts([call])).toEqual([{ kind: 'working', what: 'adding tasks…' }]);
    const error: MessagePart = { type: 'tool-error', toolCallId: 'c1', toolName: 'add_tasks', error: 'Task not found' };
    expect(displayParts([call, error])).toEqual([{ kind: 'tool-error', error: 'Task not found' }]);
  });
});

describe('chipLinks (a chip links to its task while the task is there)', () => {
  const chip = (effect: 'add' | 'change' | 'delete' | 'revert') =>
    ({ kind: 'task', label: '', taskId: A, effect }) as const;

  it('links an added or changed task, not a deleted one; undone, the other way round for add and delete', () => {
    expect([chipLinks(chip('add'), false), chipLinks(chip('change'), false), chipLinks(chip('delete'), false)]).toEqual(
      [true, true, false],
    );
    expect([chipLinks(chip('add'), true), chipLinks(chip('change'), true), chipLinks(chip('delete'), true)]).toEqual([
      false,
      true,
      true,
    ]);
  });

  it('links an undo’s own chip only when its recorded effect did not delete the task', () => {
    expect(chipLinks(chip('revert'), false)).toBe(false);
    expect(chipLinks(chip('revert'), false, [{ taskId: A, action: 'restore' }])).toBe(true);
    expect(chipLinks(chip('revert'), false, [{ taskId: A, action: 'delete' }])).toBe(false);
    expect(chipLinks(chip('revert'), false, [{ taskId: B, action: 'restore' }])).toBe(false);
  });
});
