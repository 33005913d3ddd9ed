-- records: what an enterprise says of itself (§五 自愿填报, 信用承诺). Kept apart from records.record, which holds
-- only what providers delivered, so a self-declared value can never overwrite or pass for a provider's record.

create table records.self_declared (
  id           uuid primary key,
  subject_key  text not null,
  item_key     text not null,
  data         jsonb not null,
  declared_by  text not null,
  declared_at  timestamptz not null default now(),
  withdrawn_at timestamptz
);
-- subject_key first: the distribution key on Citus
create index self_declared_subject on records.self_declared (subject_key, item_key, declared_at);

create table records.credit_commitment (
  id           uuid primary key,
  subject_key  text not null,
  type         text not null,
  text         text not null,
  text_sm3     text not null,
  signer       text not null,
  signed_on    date not null,
  signed_by    text not null,
  created_at   timestamptz not null default now()
);
create index credit_commitment_subject on records.credit_commitment (subject_key, signed_on);
