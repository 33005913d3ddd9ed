-- access: who is asking. People log in with a password (scrypt) and get a session; systems use API keys.
-- Secrets are kept only as hashes.
create schema if not exists access;

create table access.account (
  id            uuid primary key,
  username      text not null unique,
  display_name  text not null,
  role          text not null check (role in ('operator', 'provider', 'platform', 'institution', 'enterprise', 'supervisor')),
  -- the organisation the account acts for: a provider's name, an institution's name, an enterprise's USCC
  organization  text,
  password_hash text,
  disabled_at   timestamptz,
  created_at    timestamptz not null default now()
);

create table access.session (
  token_hash  text primary key,
  account_id  uuid not null references access.account (id),
  created_at  timestamptz not null default now(),
  expires_at  timestamptz not null
);

create table access.api_key (
  id          text primary key,
  secret_hash text not null,
  account_id  uuid not null references access.account (id),
  label       text not null,
  scopes      text[] not null default '{}',
  expires_at  timestamptz not null,
  revoked_at  timestamptz,
  created_at  timestamptz not null default now(),
  last_used_at timestamptz
);
