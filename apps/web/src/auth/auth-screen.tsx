import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useRoute } from '../routing/route.ts';
import { writeSessionToken } from '../session/session-token.ts';
import { browserTimeZone } from '../tasks/dates.ts';
import { useTRPC } from '../trpc.ts';
import { formRefusal } from './form-refusal.ts';
import { PasswordMeter } from './password-meter.tsx';
import { personalInputs } from './password-strength.ts';
import { TextField } from './text-field.tsx';
import { useFocusRefused } from './use-focus-refused.ts';

type Mode = 'sign-in' | 'sign-up';

/** Sign in, or create an account; the server's validation messages show beside their fields. */
export function AuthScreen() {
  const trpc = useTRPC();
  const route = useRoute();
  const [mode, setMode] = useState<Mode>('sign-in');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const signedIn = { onSuccess: ({ token }: { token: string }) => writeSessionToken(token) };
  const signIn = useMutation(trpc.auth.signIn.mutationOptions(signedIn));
  const signUp = useMutation(trpc.auth.signUp.mutationOptions(signedIn));
  const current = mode === 'sign-in' ? signIn : signUp;
  const { errors, formError } = formRefusal(current.error, ['email', 'password']);
  const emailInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);

  useFocusRefused(current.error, [
    { errors: errors.email, ref: emailInput },
    { errors: errors.password, ref: passwordInput },
  ]);

  function submit(event: FormEvent) {
    event.preventDefault();
    // A new account reads dates in this browser's zone.
    if (mode === 'sign-up') signUp.mutate({ email, password, timeZone: browserTimeZone() });
    else signIn.mutate({ email, password });
  }

  function switchTo(next: Mode) {
    setMode(next);
    signIn.reset();
    signUp.reset();
  }

  const title = mode === 'sign-in' ? 'Sign in' : 'Create your account';
  return (
    <main className="auth">
      <h1>Taskchat</h1>
      <form className="card auth-form" onSubmit={submit} noValidate aria-labelledby="auth-title">
        <h2 id="auth-title">{title}</h2>
        {/* Arrived from an MCP client: the consent page comes right after (the address keeps its place). */}
        {route.screen === 'consent' && (
          <p className="hint">An app asks to use your Taskchat account: sign in, or create one, to answer it.</p>
        )}
        <TextField
          ref={emailInput}
          label="Email"
          type="email"
          autoComplete="email"
          value={email}
          onChange={setEmail}
          errors={errors.email}
        />
        <TextField
          ref={passwordInput}
          label="Password"
          type="password"
          autoComplete={mode === 'sign-in' ? 'current-password' : 'new-password'}
          value={password}
          onChange={setPassword}
          errors={errors.password}
          hint={mode === 'sign-up' ? 'At least 8 characters, and not a common password.' : undefined}
          details={mode === 'sign-up' && <PasswordMeter password={password} userInputs={personalInputs(email)} />}
        />
        <ErrorAlert error={formError} />
        <button type="submit" className="primary" disabled={current.isPending}>
          {current.isPending ? 'One moment…' : mode === 'sign-in' ? 'Sign in' : 'Sign up'}
        </button>
        <p className="switch">
          {mode === 'sign-in' ? 'New here?' : 'Have an account?'}{' '}
          <button type="button" className="link" onClick={() => switchTo(mode === 'sign-in' ? 'sign-up' : 'sign-in')}>
            {mode === 'sign-in' ? 'Create an account' : 'Sign in instead'}
          </button>
        </p>
      </form>
    </main>
  );
}
