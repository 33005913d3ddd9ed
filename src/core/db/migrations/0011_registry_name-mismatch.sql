-- registry: names that records of other items give a subject, where they differ from every name its registration
-- (营业执照信息, 市场监管) gave it. Only registration data names a subject; any other provider's `entity_name` is
-- compared, and a difference is kept here for data quality instead of becoming a 曾用名 in profiles and reports.
-- One row per subject, item, provider and name: a name sent again is counted, not stored twice.
create table registry.name_mismatch (
  subject_key     text not null,
  item_key        text not null,
  provider        text not null,
  name            text not null,
  registered_name text,
  times           integer not null default 1,
  first_batch_id  uuid,
  last_batch_id   uuid,
  first_seen_at   timestamptz not null default now(),
  last_seen_at    timestamptz not null default now(),
  primary key (subject_key, item_key, provider, name)
);
create index name_mismatch_provider_idx on registry.name_mismatch (provider, item_key, last_seen_at desc);
