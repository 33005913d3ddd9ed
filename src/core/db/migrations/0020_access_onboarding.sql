-- access: onboarding. The directory of institutions and service platforms the hub serves, enterprises' own
-- registrations, and the operator's choice of how a registration is checked.

-- An institution (银行, 担保, …) or a service platform (信易贷宁夏总站, …). Its name is the key other contexts know it
-- by: the same string as access.account.organization on its accounts.
create table access.institution (
  id            uuid primary key,
  name          text not null unique,
  kind          text not null check (kind in ('institution', 'platform')),
  type          text not null,
  -- GB/T 2260 division codes it serves
  regions       text[] not null default '{}',
  contact_name  text,
  contact_phone text,
  contact_email text,
  disabled_at   timestamptz,
  disabled_reason text,
  created_at    timestamptz not null default now(),
  updated_at    timestamptz not null default now()
);

-- A self-registered enterprise account is pending until its registration is approved: it may log in, and see only
-- its registration.
alter table access.account add column status text not null default 'active' check (status in ('active', 'pending'));

-- One registration per self-registered account. The legal representative's ID number is sealed (SM4) and kept with
-- an HMAC so the operator's queue never needs it in clear.
create table access.registration (
  id              uuid primary key,
  account_id      uuid not null references access.account (id),
  uscc            text not null,
  company_name    text not null,
  contact_name    text not null,
  mobile          text not null,
  email           text,
  legal_rep_name  text not null,
  legal_rep_id_sealed text not null,
  check_mode      text not null check (check_mode in ('manual', 'registration-match', 'both')),
  status          text not null check (status in ('pending', 'approved', 'refused')),
  -- what the registration-match check found: { matched, name, idNumber, reason }
  match_result    jsonb,
  decided_by      text,
  decided_at      timestamptz,
  reason          text,
  created_at      timestamptz not null default now()
);
-- One USCC cannot be claimed twice while a claim is pending or approved (an approved account that is later
-- disabled frees it: see the service).
create index registration_uscc on access.registration (uscc, status);
create index registration_status on access.registration (status, created_at);

create table access.setting (
  key        text primary key,
  value      jsonb not null,
  updated_by text not null,
  updated_at timestamptz not null default now()
);
