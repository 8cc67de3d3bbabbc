import { defineEntity, type InferEntity, p } from '@mikro-orm/postgresql';
import { COLORS, DEFAULT_COLOR, lengthSql, limits, noWhitespaceSql } from '../rules/limits.ts';
import { idProperty, timestampProperty } from './common-properties.ts';
import { User } from './user.ts';

/** A tag on tasks (`@bills`): one word, unique per user case-insensitively. */
export const Label = defineEntity({
  name: 'Label',
  tableName: 'labels',
  properties: {
    id: idProperty(),
    user: () => p.manyToOne(User).ref().deleteRule('cascade'),
    name: p.string().length(limits.labelName),
    color: p.enum(COLORS).default(DEFAULT_COLOR),
    createdAt: timestampProperty(),
  },
  checks: [
    {
      name: 'labels_name_check',
      expression: `${lengthSql('name', 1, limits.labelName)} and ${noWhitespaceSql('name')}`,
    },
  ],
  uniques: [
    // Also serves labels.list by name and the cascade from users.
    {
      name: 'labels_user_name_unique',
      expression: 'create unique index "labels_user_name_unique" on "labels" ("user_id", lower("name"))',
    },
  ],
});

export type Label = InferEntity<typeof Label>;
