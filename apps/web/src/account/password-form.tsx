import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { PasswordMeter } from '../auth/password-meter.tsx';
import { personalInputs } from '../auth/password-strength.ts';
import { TextField } from '../auth/text-field.tsx';
import { useFocusRefused } from '../auth/use-focus-refused.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';

const ended = (count: number) =>
  count === 0
    ? 'No other session was signed in.'
    : `Signed out ${count === 1 ? '1 other session' : `${count} other sessions`}.`;

/**
 * A new password, the current one required (`auth.changePassword`); the server then ends every
 * other session, so whoever knew the old password is signed out.
 */
export function PasswordForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useQuery(trpc.auth.me.queryOptions());
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        setCurrentPassword('');
        setNewPassword('');
        return queryClient.invalidateQueries(trpc.auth.sessions.pathFilter());
      },
    }),
  );
  const { errors, formError } = formRefusal(change.error, ['currentPassword', 'newPassword'], 'currentPassword');
  const currentInput = useRef<HTMLInputElement>(null);
  const newInput = useRef<HTMLInputElement>(null);
  useFocusRefused(change.error, [
    { errors: errors.currentPassword, ref: currentInput },
    { errors: errors.newPassword, ref: newInput },
  ]);

  function submit(event: FormEvent) {
    event.preventDefault();
    change.mutate({ currentPassword, newPassword });
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <TextField
        ref={currentInput}
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={currentPassword}
        onChange={setCurrentPassword}
        errors={errors.currentPassword}
      />
      <TextField
        ref={newInput}
        label="New password"
        type="password"
        autoComplete="new-password"
        value={newPassword}
        onChange={setNewPassword}
        errors={errors.newPassword}
        hint="At least 8 characters, and not a common password. Your other sessions are signed out when it changes."
        details={
          <PasswordMeter password={newPassword} userInputs={personalInputs(me.data?.email ?? '', me.data?.name)} />
        }
      />
      <ErrorAlert error={formError} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={change.isPending}>
          {change.isPending ? 'One moment…' : 'Change password'}
        </button>
        <span role="status">{change.data ? `Password changed. ${ended(change.data.revokedSessions)}` : ''}</span>
      </div>
    </form>
  );
}
