import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { limits } from '../rules/limits.ts';
import { notifyTrigger } from './change-notifications.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { Task } from './task.ts';
import { User } from './user.ts';

/**
 * A reminder of a task: at an instant (`at`), or `minutesBefore` the task's due moment (negative:
 * after it), so it follows a recurring task from occurrence to occurrence. `fireAt` is when it is
 * due, kept by the tasks domain as the task's due changes (null while a relative reminder's task
 * has no due date). Delivering it sets `deliveredAt`, in the statement that claims it, so it is
 * delivered once whichever server process gets there first.
 */
export const Reminder = defineEntity({
  name: 'Reminder',
  tableName: 'reminders',
  properties: {
    id: idProperty(),
    task: () => p.manyToOne(Task).ref().deleteRule('cascade'),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    minutesBefore: p.integer().nullable(),
    at: p.datetime(3).nullable(),
    fireAt: p.datetime(3).nullable(),
    deliveredAt: p.datetime(3).nullable(),
    createdAt: timestampProperty(),
  },
  checks: [
    { name: 'reminders_kind_check', expression: '(minutes_before is null) <> (at is null)' },
    {
      name: 'reminders_minutes_before_check',
      expression: `minutes_before is null or (minutes_before >= ${-limits.reminderMinutesAfter} and minutes_before <= ${limits.reminderMinutesBefore})`,
    },
  ],
  indexes: [
    // Delivery: whatever is due and not delivered yet, whoever owns it, soonest first.
    {
      name: 'reminders_due_idx',
      expression:
        'create index "reminders_due_idx" on "reminders" ("fire_at") where "delivered_at" is null and "fire_at" is not null',
    },
    // reminders.list: a user's delivered reminders, latest first.
    {
      name: 'reminders_user_delivered_idx',
      expression:
        'create index "reminders_user_delivered_idx" on "reminders" ("user_id", "delivered_at" desc, "id" desc) where "delivered_at" is not null',
    },
    // A task's reminders, shown with it (and the cascade from tasks).
    { name: 'reminders_task_idx', properties: ['task'] },
    // Deleting a user cascades here without scanning the table (the delivered index above covers
    // only delivered reminders); also the index leading with user_id every user-data table has.
    { name: 'reminders_user_idx', properties: ['user'] },
  ],
  // tasks.onChange: a reminder of the owner's was delivered (`r`, of task `t`).
  triggers: [
    notifyTrigger(
      'notify_reminder_delivered',
      ['update'],
      `'reminder'`,
      { u: 'new.user_id', t: 'new.task_id', r: 'new.id' },
      'old.delivered_at is null and new.delivered_at is not null',
    ),
  ],
});

export type Reminder = InferEntity<typeof Reminder>;
