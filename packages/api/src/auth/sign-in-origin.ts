import { limits } from '@taskchat/db';
import ipaddr from 'ipaddr.js';

/** What a new session records of the request that opened it, each within its column's bound. */
export interface SignInOrigin {
  /** The User-Agent header, cut to `limits.sessionUserAgent` code points; null when none came. */
  userAgent: string | null;
  /** The client address (IPv4-mapped IPv6 as IPv4); null in-process or when it is no address. */
  ip: string | null;
}

/**
 * `text` trimmed and cut to its first `max` code points (never half an emoji), NUL as U+FFFD (a
 * text column cannot hold it); null when nothing is left.
 */
function boundedText(text: string | null, max: number): string | null {
  if (text === null) return null;
  let kept = '';
  let count = 0;
  for (const character of text.trim().toWellFormed().replaceAll('\u0000', '\uFFFD')) {
    if (count++ === max) break;
    kept += character;
  }
  return kept.trimEnd() || null;
}

/** What a request says of where it comes from: the context's `userAgent` and `clientAddress`. */
export interface RequestOrigin {
  userAgent: string | null;
  clientAddress: string | null;
}

/** A sign-in's user agent and address as a session stores them: a longer header is cut, never refused. */
export function signInOrigin(ctx: RequestOrigin): SignInOrigin {
  const address = ctx.clientAddress;
  const ip = address !== null && ipaddr.isValid(address) ? ipaddr.process(address).toString() : null;
  return {
    userAgent: boundedText(ctx.userAgent, limits.sessionUserAgent),
    ip: ip !== null && ip.length <= limits.sessionAddress ? ip : null,
  };
}
