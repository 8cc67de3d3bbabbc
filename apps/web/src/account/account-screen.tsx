import type { ComponentType } from 'react';
import { AccessTokens } from './access-tokens.tsx';
import { ConnectedApps } from './connected-apps.tsx';
import { DeleteAccount } from './delete-account.tsx';
import { ExportSection } from './export-section.tsx';
import { ImportSection } from './import-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';
import { SessionList } from './session-list.tsx';
import { ShareLinks } from './share-links.tsx';

/** The screen's parts, in order, each under its heading (its id names the section). */
const SECTIONS: { id: string; title: string; Content: ComponentType }[] = [
  { id: 'account-profile', title: 'Profile', Content: ProfileForm },
  { id: 'account-password', title: 'Password', Content: PasswordForm },
  { id: 'account-sessions', title: 'Sessions', Content: SessionList },
  { id: 'account-tokens', title: 'Access tokens', Content: AccessTokens },
  { id: 'account-apps', title: 'Connected apps', Content: ConnectedApps },
  { id: 'account-shares', title: 'Shared links', Content: ShareLinks },
  { id: 'account-export', title: 'Export', Content: ExportSection },
  { id: 'account-import', title: 'Import', Content: ImportSection },
  { id: 'account-delete', title: 'Delete the account', Content: DeleteAccount },
];

/** `#/account`: the profile, the password, where the account is signed in, its access tokens, connected apps and shared links, its data out and in, and deleting it. */
export function AccountScreen() {
  return (
    <main className="page account" aria-labelledby="account-title">
      <h1 id="account-title" tabIndex={-1}>
        Account
      </h1>
      {SECTIONS.map(({ id, title, Content }) => (
        <section key={id} className="card account-section" aria-labelledby={id}>
          <h2 id={id}>{title}</h2>
          <Content />
        </section>
      ))}
    </main>
  );
}
