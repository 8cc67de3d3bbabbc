import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterOutputs } from '@taskchat/client';
import { type FormEvent, useId, useRef, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { TextField } from '../auth/text-field.tsx';
import { useFocusRefused } from '../auth/use-focus-refused.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { useTRPC } from '../trpc.ts';
import { TOKEN_SCOPE_DESCRIPTIONS, TOKEN_SCOPES, type TokenScope } from './token-scopes.ts';

/** The lifetimes offered, in days; '' is "never". */
const EXPIRY_CHOICES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: 'A year' },
  { value: '', label: 'Never' },
];

export type CreatedToken = RouterOutputs['auth']['tokens']['create'];

/**
 * Makes a personal access token (`auth.tokens.create`): its name, the scopes it may use (read
 * tasks only, to begin with), and when it expires; the server's refusals beside their fields.
 * The new token and its secret go to `onCreated`, which shows the secret once.
 */
export function AccessTokenForm({ onCreated }: { onCreated: (created: CreatedToken) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const scopesId = useId();
  const expiryId = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const firstScope = useRef<HTMLInputElement>(null);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<TokenScope[]>(['tasks:read']);
  const [expiry, setExpiry] = useState('30');
  const create = useMutation(
    trpc.auth.tokens.create.mutationOptions({
      onSuccess: (created) => {
        setName('');
        onCreated(created);
        return queryClient.invalidateQueries(trpc.auth.tokens.pathFilter());
      },
    }),
  );
  const { errors, formError } = formRefusal(create.error, ['name', 'scopes', 'expiresIn']);
  useFocusRefused(create.error, [
    { errors: errors.name, ref: nameInput },
    { errors: errors.scopes, ref: firstScope },
  ]);

  function toggle(scope: TokenScope, on: boolean) {
    setScopes((earlier) => TOKEN_SCOPES.filter((known) => (known === scope ? on : earlier.includes(known))));
    create.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name: name.trim() || name, scopes, ...(expiry ? { expiresIn: Number(expiry) } : {}) });
  }

  return (
    <form className="account-form token-form" onSubmit={submit} noValidate>
      <TextField
        ref={nameInput}
        label="Token name"
        type="text"
        autoComplete="off"
        value={name}
        onChange={(value) => {
          setName(value);
          create.reset();
        }}
        errors={errors.name}
        hint="Where you will use it, such as “Claude Desktop” or “laptop script”."
      />
      <fieldset
        className="token-scopes"
        aria-invalid={errors.scopes ? true : undefined}
        aria-describedby={errors.scopes ? `${scopesId}-errors` : undefined}
      >
        <legend>What it may do</legend>
        {TOKEN_SCOPES.map((scope, index) => (
          <label key={scope} className="token-scope">
            <input
              ref={index === 0 ? firstScope : undefined}
              type="checkbox"
              checked={scopes.includes(scope)}
              onChange={(event) => toggle(scope, event.target.checked)}
            />
            <span>
              {TOKEN_SCOPE_DESCRIPTIONS[scope]} <code className="muted">{scope}</code>
            </span>
          </label>
        ))}
        {errors.scopes && (
          <p id={`${scopesId}-errors`} className="field-error">
            {errors.scopes.join(' ')}
          </p>
        )}
      </fieldset>
      <div className="field">
        <label htmlFor={expiryId}>Expires</label>
        <select
          id={expiryId}
          value={expiry}
          onChange={(event) => setExpiry(event.target.value)}
          aria-invalid={errors.expiresIn ? true : undefined}
        >
          {EXPIRY_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
        {errors.expiresIn && <p className="field-error">{errors.expiresIn.join(' ')}</p>}
      </div>
      <ErrorAlert error={formError} />
      <div className="form-actions">
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </div>
    </form>
  );
}
