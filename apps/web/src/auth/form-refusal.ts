import { errorCode } from '@taskchat/client';
import { fieldErrors } from '../errors/error-text.ts';

/**
 * A form's refusal, split: the server's messages by field (a wrong re-entered password,
 * FORBIDDEN, beside `passwordField`), and the error for the form itself when no field of the
 * form's `fields` names it (`ErrorAlert` says it).
 */
export function formRefusal(error: unknown, fields: string[], passwordField?: string) {
  const errors = { ...fieldErrors(error) };
  if (passwordField && errorCode(error) === 'FORBIDDEN' && error instanceof Error)
    errors[passwordField] = [error.message];
  const beside = fields.some((field) => errors[field]?.length);
  return { errors, formError: beside ? null : error };
}
