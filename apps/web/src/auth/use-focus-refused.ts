import { type RefObject, useEffect } from 'react';

/** After a refusal, focus goes to the first of the form's fields it names (in the form's order). */
export function useFocusRefused(
  error: unknown,
  fields: { errors: string[] | undefined; ref: RefObject<HTMLElement | null> }[],
): void {
  const first = fields.find((field) => field.errors?.length)?.ref;
  useEffect(() => {
    if (error) first?.current?.focus();
  }, [error, first]);
}
