import { errorCode } from '@taskchat/client';
import { useServer } from '@taskchat/server/testing';
import { describe, expect, it } from 'vitest';
import { passwordStrengthCheck, personalInputs } from '../src/auth/password-strength.ts';

/** Weak, borderline and strong passwords, some built from the account's own words. */
const PASSWORDS = [
  'password',
  'Password1!',
  'qwertyuiop',
  'ada.lovelace',
  'lovelace1815',
  'Tr0ub4dor&3',
  'summer2024',
  'a long passphrase',
  'correct horse battery staple',
  'x7#Kp2!vQz',
  'ｐａｓｓｗｏｒｄ１２３',
  `${'zebra crossing '.repeat(6)}and more`,
];
const OWNER = { email: 'ada.lovelace@example.com', name: 'Ada Lovelace' };

describe('the strength meter and the server', () => {
  const server = useServer({ WEB_ROOT: 'none', SIGN_UPS_PER_HOUR: '0' });

  it('agree on every password: the meter says "too easy" (below 2) exactly when sign-up refuses it', async () => {
    const check = await passwordStrengthCheck();
    const client = server.client();
    const verdicts = [];
    for (const [index, password] of PASSWORDS.entries()) {
      const email = OWNER.email.replace('@', `+${index}@`);
      const meter = check(password, personalInputs(email, OWNER.name)).score >= 2 ? 'accepted' : 'refused';
      const signUp = await client.auth.signUp.mutate({ email, password, name: OWNER.name }).then(
        () => 'accepted',
        (error: unknown) => (errorCode(error) === 'BAD_REQUEST' ? 'refused' : String(error)),
      );
      verdicts.push({ password, meter, server: signUp });
    }
    expect(verdicts.filter(({ meter, server }) => meter !== server)).toEqual([]);
    // Both answers occur: the list tells something.
    expect(new Set(verdicts.map(({ server }) => server))).toEqual(new Set(['accepted', 'refused']));
  });
});
