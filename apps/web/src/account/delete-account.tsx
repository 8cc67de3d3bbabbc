import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { TextField } from '../auth/text-field.tsx';
import { useFocusRefused } from '../auth/use-focus-refused.ts';
import { useReturnFocus } from '../editing/use-return-focus.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { writeSessionToken } from '../session/session-token.ts';
import { useTRPC } from '../trpc.ts';

/**
 * Deletes the account for good (`auth.deleteAccount`), its password re-entered, after a warning
 * of what goes and one confirming step (the only one in the app: nothing can undo this); then this
 * browser is signed out.
 */
export function DeleteAccount() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [password, setPassword] = useState('');
  const [confirming, setConfirming] = useState(false);
  const start = useRef<HTMLButtonElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const remove = useMutation(
    trpc.auth.deleteAccount.mutationOptions({
      onSuccess: () => writeSessionToken(null),
      onError: () => setConfirming(false),
    }),
  );
  const { errors, formError } = formRefusal(remove.error, ['password'], 'password');
  // Kept: focus goes back to the button; a wrong password: to the field (this effect runs last).
  useReturnFocus(confirming, start);
  useFocusRefused(remove.error, [{ errors: errors.password, ref: passwordInput }]);

  function ask(event: FormEvent) {
    event.preventDefault();
    remove.reset();
    setConfirming(true);
  }

  return (
    <form className="account-form" onSubmit={ask} noValidate>
      <p className="danger-text">
        Deleting your account deletes everything in it, for good: your tasks, projects and labels, your conversations
        and their messages, the trash, and every session (each device is signed out). It cannot be undone; download your
        data first if you want to keep it.
      </p>
      <TextField
        ref={passwordInput}
        label="Password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={setPassword}
        errors={errors.password}
        hint="Your password, to confirm it is you."
      />
      <ErrorAlert error={formError} />
      {confirming ? (
        <fieldset className="confirm">
          <legend>Delete {me.data?.email ?? 'this account'} and everything in it, for good?</legend>
          <button
            type="button"
            className="danger"
            // biome-ignore lint/a11y/noAutofocus: the confirmation "Delete my account" opened
            autoFocus
            disabled={remove.isPending}
            onClick={() => remove.mutate({ password })}
          >
            {remove.isPending ? 'Deleting…' : 'Delete everything for good'}
          </button>
          <button type="button" onClick={() => setConfirming(false)} disabled={remove.isPending}>
            Keep my account
          </button>
        </fieldset>
      ) : (
        <div className="form-actions">
          <button ref={start} type="submit" className="danger">
            Delete my account…
          </button>
        </div>
      )}
    </form>
  );
}
