import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { Label } from './label.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

/** A label on a task. The owner's id is kept here too, so every statement on it carries it. */
export const TaskLabel = defineEntity({
  name: 'TaskLabel',
  tableName: 'task_labels',
  properties: {
    task: () => p.manyToOne(Task).ref().primary().deleteRule('cascade'),
    label: () => p.manyToOne(Label).ref().primary().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
  },
  indexes: [
    // tasks.list({ label }) and labels.list's counts: the tasks of a label (and the cascade from labels).
    { name: 'task_labels_label_task_idx', properties: ['label', 'task'] },
    // The cascade from users.
    { name: 'task_labels_user_idx', properties: ['user'] },
  ],
});

export type TaskLabel = InferEntity<typeof TaskLabel>;
