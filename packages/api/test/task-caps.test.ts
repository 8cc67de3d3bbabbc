import { expectErrorCode } from '@taskchat/db/testing';
import { describe, expect, it } from 'vitest';
import { defaultTaskSettings } from '../src/tasks/task-settings.ts';
import { useApi } from './harness.ts';

const api = useApi({ tasks: defaultTaskSettings({ tasksPerUser: 5, labelsPerUser: 3 }) });

describe('per-user caps (TASKS_PER_USER, LABELS_PER_USER)', () => {
  it('racing creations never pass the task cap', async () => {
    const { caller } = await api.newUser();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => caller.tasks.create({ title: `t${i}` })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(5);
    expect((await caller.tasks.list({ limit: 100 })).items).toHaveLength(5);
    const error = await expectErrorCode(caller.tasks.quickAdd({ text: 'one more tomorrow' }), 'BAD_REQUEST');
    expect(error.message).toContain('limit of 5 tasks');
  });

  it('racing creations never pass the label cap, and a refused one stores nothing', async () => {
    const { caller } = await api.newUser();
    const results = await Promise.allSettled(
      ['a', 'b', 'c', 'd', 'e'].map((name) => caller.tasks.create({ title: name, labels: [name] })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(3);
    expect(await caller.labels.list()).toHaveLength(3);
    expect((await caller.tasks.list()).items).toHaveLength(3);
    const error = await expectErrorCode(caller.tasks.create({ title: 'x', labels: ['new'] }), 'BAD_REQUEST');
    expect(error.message).toContain('labels');
  });
});
