import { p } from '@mikro-orm/postgresql';
import { newId } from '../ids.ts';

/** Property builders every table shares, so ids and timestamps are declared one way. */

/** A UUIDv7 primary key made by the application. */
export const idProperty = () =>
  p
    .uuid()
    .primary()
    .onCreate(() => newId());

/** A millisecond `timestamptz` (exact keyset cursors), set on insert, defaulting to now() for raw SQL. */
export const timestampProperty = () =>
  p
    .datetime(3)
    .defaultRaw('now()')
    .onCreate(() => new Date());

/** Like `timestampProperty`, and moved by the ORM on every update of the row. */
export const updatedAtProperty = () => timestampProperty().onUpdate(() => new Date());
