import {
  consumeOAuthRecord,
  type Database,
  destroyOAuthRecord,
  findOAuthRecord,
  type OAuthPayload,
  revokeOAuthRecordsOfGrant,
  upsertOAuthRecord,
} from '@taskchat/api';
import { type Adapter, type AdapterConstructor, type AdapterPayload, errors } from 'oidc-provider';

/**
 * oidc-provider's storage in PostgreSQL (`oauth_records`), so every server process sees the same
 * clients, consents, grants and tokens. One adapter per kind of record ("model").
 */
export function postgresOAuthAdapter(db: Database): AdapterConstructor {
  return class PostgresOAuthAdapter implements Adapter {
    readonly model: string;

    constructor(model: string) {
      this.model = model;
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
      await upsertOAuthRecord(db, this.model, id, payload as OAuthPayload, expiresIn ?? null);
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return (await findOAuthRecord(db, this.model, { id })) as AdapterPayload | undefined;
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return (await findOAuthRecord(db, this.model, { uid })) as AdapterPayload | undefined;
    }

    // The device flow, the only user of user codes, is off.
    async findByUserCode(): Promise<undefined> {
      return undefined;
    }

    // oidc-provider checks that a code is unused, then consumes it: the second of two racing requests fails here.
    async consume(id: string): Promise<void> {
      if (!(await consumeOAuthRecord(db, this.model, id))) throw new errors.InvalidGrant('grant request is invalid');
    }

    async destroy(id: string): Promise<void> {
      await destroyOAuthRecord(db, this.model, id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await revokeOAuthRecordsOfGrant(db, this.model, grantId);
    }
  };
}
