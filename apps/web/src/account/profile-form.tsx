import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { TextField } from '../auth/text-field.tsx';
import { useFocusRefused } from '../auth/use-focus-refused.ts';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { browserTimeZone } from '../tasks/dates.ts';
import { useTRPC } from '../trpc.ts';
import { zoneName } from './use-time-zone.ts';
import { useUpdateProfile } from './use-update-profile.ts';

/** Every zone the browser knows, this device's first (and the profile's, should the browser not list it). */
function zoneChoices(profileZone: string, here: string): string[] {
  const others = new Set([profileZone, ...Intl.supportedValuesOf('timeZone')]);
  others.delete(here);
  return [here, ...[...others].sort()];
}

/**
 * The profile: the name, and the zone dates are read in (`auth.updateProfile`); the server's
 * messages beside their fields. A field shows the profile until it is edited (the time-zone banner
 * may change the profile meanwhile), and again once saved.
 */
export function ProfileForm() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  const zoneId = useId();
  const nameInput = useRef<HTMLInputElement>(null);
  const zoneSelect = useRef<HTMLSelectElement>(null);
  const [edits, setEdits] = useState<{ name?: string; timeZone?: string }>({});
  const update = useUpdateProfile();
  const { errors, formError } = formRefusal(update.error, ['name', 'timeZone']);
  useFocusRefused(update.error, [
    { errors: errors.name, ref: nameInput },
    { errors: errors.timeZone, ref: zoneSelect },
  ]);
  if (!me.data) return null;
  const name = edits.name ?? me.data.name ?? '';
  const timeZone = edits.timeZone ?? me.data.timeZone;
  const here = browserTimeZone();

  function edit(change: typeof edits) {
    setEdits((earlier) => ({ ...earlier, ...change }));
    update.reset();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    // An empty name clears it.
    update.mutate({ name: name.trim() || null, timeZone }, { onSuccess: () => setEdits({}) });
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <TextField
        ref={nameInput}
        label="Name"
        type="text"
        autoComplete="name"
        value={name}
        onChange={(value) => edit({ name: value })}
        errors={errors.name}
      />
      <div className="field">
        <label htmlFor={zoneId}>Time zone</label>
        <select
          ref={zoneSelect}
          id={zoneId}
          value={timeZone}
          onChange={(event) => edit({ timeZone: event.target.value })}
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={`${errors.timeZone ? `${zoneId}-errors ` : ''}${zoneId}-hint`}
        >
          {zoneChoices(me.data.timeZone, here).map((zone) => (
            <option key={zone} value={zone}>
              {zone === here ? `${zoneName(zone)} (this device)` : zoneName(zone)}
            </option>
          ))}
        </select>
        <p id={`${zoneId}-hint`} className="hint">
          Due dates, Today and reminders are read in this zone.
        </p>
        {errors.timeZone && (
          <p id={`${zoneId}-errors`} className="field-error">
            {errors.timeZone.join(' ')}
          </p>
        )}
      </div>
      <ErrorAlert error={formError} />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={update.isPending}>
          {update.isPending ? 'Saving…' : 'Save profile'}
        </button>
        <span role="status">{update.isSuccess ? 'Saved.' : ''}</span>
      </div>
    </form>
  );
}
