-- registry: credit subjects (信用主体). subject_key is the distribution key of every big table (see docs/citus.md):
-- the USCC for organisations; 'P:' + HMAC-SM3 of the ID number for natural persons; 'N:' + name where a record names
-- a subject without any code (the catalog's 不动产 and 新型农业经营主体 items).
create schema if not exists registry;

create table registry.subject (
  subject_key    text primary key,
  uscc           text,
  kind           text not null check (kind in ('organization', 'person', 'unidentified')),
  name           text,
  entity_type    text,
  division_code  text,
  first_seen_at  timestamptz not null default now(),
  first_batch_id uuid,
  updated_at     timestamptz not null default now()
);
create index subject_name_idx on registry.subject (name);
create index subject_division_idx on registry.subject (division_code);

-- Every name a subject has been known by, from any item (变更信息 among them), with the first batch that said it.
create table registry.subject_name (
  subject_key   text not null,
  name          text not null,
  first_seen_at timestamptz not null default now(),
  batch_id      uuid,
  primary key (subject_key, name)
);

-- Real codes that fail the GB 32100 check exist; an operator admits one here, with a reason, instead of
-- weakening the check.
create table registry.uscc_allowlist (
  uscc       text primary key,
  reason     text not null,
  added_by   text not null,
  added_at   timestamptz not null default now()
);
