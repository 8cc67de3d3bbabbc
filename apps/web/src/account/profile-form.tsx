import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { formRefusal } from '../auth/form-refusal.ts';
import { TextField } from '../auth/text-field.tsx';
import { ErrorAlert } from '../errors/error-alert.tsx';
import { browserTimeZone } from '../tasks/dates.ts';
import { useTRPC } from '../trpc.ts';
import { useUpdateProfile } from './use-update-profile.ts';

/** Every zone the browser knows, this device's first (and the profile's, should the browser not list it). */
function zoneChoices(profileZone: string, here: string): string[] {
  const others = new Set([profileZone, ...Intl.supportedValuesOf('timeZone')]);
  others.delete(here);
  return [here, ...[...others].sort()];
}

const zoneName = (zone: string) => zone.replaceAll('_', ' ');

/** The profile: the name, and the zone dates are read in (`auth.updateProfile`); the server's messages beside their fields. */
export function ProfileForm() {
  const trpc = useTRPC();
  const me = useQuery(trpc.auth.me.queryOptions());
  if (!me.data) return null;
  // Mounted with the profile loaded, so the fields start from it.
  return <ProfileFields name={me.data.name ?? ''} timeZone={me.data.timeZone} />;
}

function ProfileFields(profile: { name: string; timeZone: string }) {
  const zoneId = useId();
  const update = useUpdateProfile();
  const [name, setName] = useState(profile.name);
  const [timeZone, setTimeZone] = useState(profile.timeZone);
  const here = browserTimeZone();
  const { errors, formError } = formRefusal(update.error, ['name', 'timeZone']);

  function submit(event: FormEvent) {
    event.preventDefault();
    // An empty name clears it.
    update.mutate({ name: name.trim() || null, timeZone });
  }

  return (
    <form className="account-form" onSubmit={submit} noValidate>
      <TextField
        label="Name"
        type="text"
        autoComplete="name"
        value={name}
        onChange={(value) => {
          setName(value);
          update.reset();
        }}
        errors={errors.name}
      />
      <div className="field">
        <label htmlFor={zoneId}>Time zone</label>
        <select
          id={zoneId}
          value={timeZone}
          onChange={(event) => {
            setTimeZone(event.target.value);
            update.reset();
          }}
          aria-invalid={errors.timeZone ? true : undefined}
          aria-describedby={`${errors.timeZone ? `${zoneId}-errors ` : ''}${zoneId}-hint`}
        >
          {zoneChoices(profile.timeZone, here).map((zone) => (
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
