import { z } from 'zod';
import { cursorInput, limitInput } from '../pagination/cursor.ts';

export const listRemindersInput = z
  .object({
    limit: limitInput(100, 20),
    cursor: cursorInput.optional(),
  })
  .default({ limit: 20 });
