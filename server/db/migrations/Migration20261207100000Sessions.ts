import { Migration } from '@mikro-orm/migrations';

/**
 * Sign-in sessions (the `helpdesk_session` cookie) and the logins under way (OIDC's state, nonce and
 * PKCE verifier between the redirect and the callback). Both live in PostgreSQL so that they survive a
 * restart and every instance shares them; only hashes of the secrets are stored. A session remembers
 * the hash of the CAS service ticket that opened it, so that CAS single logout ends exactly that one.
 */
export class Migration20261207100000Sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "auth_session" ("id" bigserial primary key, "token_hash" bytea not null unique, "user_id" int not null references "app_user" ("id") on delete cascade, "provider" varchar(10) not null, "cas_ticket_hash" bytea null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "revoked_at" timestamptz null);`,
    );
    this.addSql(
      `create index "auth_session_cas_ticket_hash_index" on "auth_session" ("cas_ticket_hash") where "cas_ticket_hash" is not null;`,
    );
    this.addSql(`create index "auth_session_expires_at_index" on "auth_session" ("expires_at");`);
    this.addSql(
      `create table "auth_login" ("state_hash" bytea primary key, "verifier" varchar(200) not null, "nonce" varchar(200) not null, "return_to" varchar(2000) not null, "created_at" timestamptz not null default now());`,
    );
  }
}
