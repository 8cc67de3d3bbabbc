import { errorText } from './error-text.ts';

/** A failed call, said in words the user can act on, and announced (role="alert"); nothing without an error. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorText(error)}
    </p>
  );
}
