import { useState } from 'react';
import { AccessTokenForm, type CreatedToken } from './access-token-form.tsx';
import { AccessTokenList } from './access-token-list.tsx';
import { NewTokenSecret } from './new-token-secret.tsx';

/**
 * Personal access tokens: what lets an AI assistant (an MCP client) reach the account's tasks and
 * conversations at /mcp, within the scopes chosen. Making one, its secret shown once, the list.
 */
export function AccessTokens() {
  const [created, setCreated] = useState<CreatedToken | null>(null);
  return (
    <>
      <p>
        A token lets an AI assistant or a script of yours use your tasks and conversations through the MCP server, only
        as far as the scopes you tick. It cannot sign in here or change your account. Revoke it when you no longer use
        it.
      </p>
      <AccessTokenForm onCreated={setCreated} />
      {created && <NewTokenSecret key={created.token.id} created={created} onDone={() => setCreated(null)} />}
      <AccessTokenList />
    </>
  );
}
