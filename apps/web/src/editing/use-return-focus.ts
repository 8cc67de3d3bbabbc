import { type RefObject, useEffect, useRef } from 'react';

/** When an edit in place ends (saved or cancelled), focus returns to where it began (`returnTo`). */
export function useReturnFocus(editing: boolean, returnTo: RefObject<HTMLElement | null>): void {
  const wasEditing = useRef(false);
  useEffect(() => {
    if (!editing && wasEditing.current) returnTo.current?.focus();
    wasEditing.current = editing;
  }, [editing, returnTo]);
}
