import { useEffect, useRef, useState } from 'react';
import type { CreatedToken } from './access-token-form.tsx';

/**
 * A new token's secret, shown this once (the server keeps only its SHA-256): selected for copying
 * by hand, with a Copy button, until "Done" hides it for good.
 */
export function NewTokenSecret({ created, onDone }: { created: CreatedToken; onDone: () => void }) {
  const secretInput = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'failed' | null>(null);
  // Announced and focused as it appears, so it is not missed below the form.
  useEffect(() => {
    secretInput.current?.focus();
    secretInput.current?.select();
  }, []);

  function copy() {
    navigator.clipboard.writeText(created.secret).then(
      () => setCopied('yes'),
      () => setCopied('failed'),
    );
  }

  return (
    <section className="token-secret" aria-labelledby="token-secret-title">
      <h3 id="token-secret-title">Your new token “{created.token.name}”</h3>
      <p>
        Copy it now: it is shown only this once, and Taskchat keeps no copy it could show again. Paste it where the
        assistant asks for a bearer token for <code>{`${window.location.origin}/mcp`}</code>; keep it as secret as a
        password.
      </p>
      <div className="token-secret-value">
        <input
          ref={secretInput}
          readOnly
          aria-label="Token"
          value={created.secret}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
        <button type="button" onClick={onDone}>
          Done
        </button>
      </div>
      <span role="status">
        {copied === 'yes' ? 'Copied.' : copied === 'failed' ? 'Could not copy: select the token and copy it.' : ''}
      </span>
    </section>
  );
}
