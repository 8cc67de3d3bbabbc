import type { ReactNode } from 'react';
import { DeleteAccount } from './delete-account.tsx';
import { ExportSection } from './export-section.tsx';
import { ImportSection } from './import-section.tsx';
import { PasswordForm } from './password-form.tsx';
import { ProfileForm } from './profile-form.tsx';
import { SessionList } from './session-list.tsx';

/** One part of the account screen, under its heading. */
function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card account-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** `#/account`: the profile, the password, where the account is signed in, its data out and in, and deleting it. */
export function AccountScreen() {
  return (
    <main className="page account" aria-labelledby="account-title">
      <h1 id="account-title" tabIndex={-1}>
        Account
      </h1>
      <Section id="account-profile" title="Profile">
        <ProfileForm />
      </Section>
      <Section id="account-password" title="Password">
        <PasswordForm />
      </Section>
      <Section id="account-sessions" title="Sessions">
        <SessionList />
      </Section>
      <Section id="account-export" title="Export">
        <ExportSection />
      </Section>
      <Section id="account-import" title="Import">
        <ImportSection />
      </Section>
      <Section id="account-delete" title="Delete the account">
        <DeleteAccount />
      </Section>
    </main>
  );
}
