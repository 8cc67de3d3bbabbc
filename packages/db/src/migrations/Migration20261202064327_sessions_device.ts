import { Migration } from '@mikro-orm/migrations';

/**
 * Which device a session is: the User-Agent it signed in with (cut to 512 characters) and the
 * address it signed in from, both null for sessions opened before this (and in-process).
 */
export class Migration20261202064327_sessions_device extends Migration {
  override name = 'Migration20261202064327_sessions_device';

  override up(): void | Promise<void> {
    this.addSql(`alter table "sessions" add "user_agent" text null, add "ip" text null;`);
    this.addSql(
      `alter table "sessions" add constraint "sessions_user_agent_check" check (user_agent is null or (char_length(user_agent) >= 1 and char_length(user_agent) <= 512));`,
    );
    this.addSql(
      `alter table "sessions" add constraint "sessions_ip_check" check (ip is null or (char_length(ip) >= 1 and char_length(ip) <= 45));`,
    );
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "sessions" drop constraint "sessions_ip_check";`);
    this.addSql(`alter table "sessions" drop constraint "sessions_user_agent_check";`);
    this.addSql(`alter table "sessions" drop column "user_agent", drop column "ip";`);
  }
}
