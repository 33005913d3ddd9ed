-- access: grants (授权). An enterprise authorises an institution to use named categories or items of its data, in one
-- mode, for one purpose, until a date; it may revoke at any time. Rows change status but keep every step in
-- grant_event and in the audit log. "expired" is never stored: it is an active grant whose valid_until has passed.
-- subject_key is the distribution key on Citus (co-located with records.record).
create table access.data_grant (
  id             uuid primary key,
  subject_key    text not null,
  institution    text not null,
  categories     text[] not null default '{}',
  items          text[] not null default '{}',
  mode           text not null check (mode in ('view', 'verify', 'model')),
  purpose        text not null,
  valid_until    timestamptz not null,
  status         text not null check (status in ('requested', 'active', 'refused', 'revoked')),
  -- how consent was given: { by, accountId, at, how: 'web-consent' | 'api' | 'paper', statement }
  evidence       jsonb,
  requested_by   text,
  requested_at   timestamptz,
  request_note   text,
  decided_at     timestamptz,
  revoked_at     timestamptz,
  revoked_by     text,
  revoke_reason  text,
  refuse_reason  text,
  created_at     timestamptz not null default now(),
  updated_at     timestamptz not null default now(),
  check (cardinality(categories) + cardinality(items) > 0)
);
create index data_grant_subject_idx on access.data_grant (subject_key, institution);
create index data_grant_institution_idx on access.data_grant (institution, updated_at desc);

create table access.grant_event (
  grant_id    uuid not null references access.data_grant (id),
  seq         integer not null,
  at          timestamptz not null default now(),
  action      text not null check (action in ('request', 'create', 'approve', 'refuse', 'revoke')),
  actor       text not null,
  actor_role  text not null,
  how         text,
  note        text,
  primary key (grant_id, seq)
);

-- What an organisation is told: an institution of a revocation or a decision, an enterprise of a request.
create table access.notification (
  id           uuid primary key,
  organization text not null,
  kind         text not null,
  grant_id     uuid references access.data_grant (id),
  subject_key  text,
  zh           text not null,
  en           text not null,
  created_at   timestamptz not null default now(),
  read_at      timestamptz
);
create index notification_organization_idx on access.notification (organization, created_at desc);
