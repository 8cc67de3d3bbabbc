import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { TextField } from '../auth/text-field.tsx';
import { useFocusRefused } from '../auth/use-focus-refused.ts';
import { ConfirmPrompt } from '../editing/confirm-prompt.tsx';
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
      {remove.isPending && <p>Deleting…</p>}
      {confirming && !remove.isPending && (
        <ConfirmPrompt
          question={`Delete ${me.data?.email ?? 'this account'} and everything in it, for good?`}
          confirm="Delete everything for good"
          onConfirm={() => remove.mutate({ password })}
          onCancel={() => setConfirming(false)}
        />
      )}
      {!confirming && (
        <div className="form-actions">
          <button ref={start} type="submit" className="danger">
            Delete my account…
          </button>
        </div>
      )}
    </form>
  );
}
