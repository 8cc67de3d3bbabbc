import { type ReactNode, type Ref, useId } from 'react';

interface TextFieldProps {
  ref?: Ref<HTMLInputElement>;
  label: string;
  type: 'email' | 'password' | 'text';
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  /** The server's messages for this field: shown under it and read with it by screen readers. */
  errors?: string[] | undefined;
  hint?: string | undefined;
  /** More about what was typed (a password's strength), under the hint and read with the field. */
  details?: ReactNode;
}

export function TextField({ ref, label, type, autoComplete, value, onChange, errors, hint, details }: TextFieldProps) {
  const id = useId();
  const describedBy = [
    errors?.length ? `${id}-errors` : null,
    hint ? `${id}-hint` : null,
    details ? `${id}-details` : null,
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        ref={ref}
        id={id}
        type={type}
        autoComplete={autoComplete}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy || undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {details && <div id={`${id}-details`}>{details}</div>}
      {errors?.length ? (
        <p id={`${id}-errors`} className="field-error">
          {errors.join(' ')}
        </p>
      ) : null}
    </div>
  );
}
