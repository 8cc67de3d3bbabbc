import { type RefObject, useEffect, useRef } from 'react';

/**
 * Focus for editing in place: the field's text is selected when editing starts, and focus
 * returns to where the edit began (`returnTo`) when it ends, saved or cancelled.
 */
export function useEditFocus(
  editing: boolean,
  field: RefObject<HTMLInputElement | null>,
  returnTo: RefObject<HTMLElement | null>,
): void {
  const wasEditing = useRef(false);
  useEffect(() => {
    if (editing) field.current?.select();
    else if (wasEditing.current) returnTo.current?.focus();
    wasEditing.current = editing;
  }, [editing, field, returnTo]);
}
