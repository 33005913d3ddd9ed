-- ingest: batches (批次) and the quarantine (隔离) of records that failed validation.
create schema if not exists ingest;

create table ingest.provider (
  name       text primary key,
  kind       text not null default 'department' check (kind in ('department', 'city', 'enterprise', 'other')),
  created_at timestamptz not null default now()
);

create table ingest.batch (
  id              uuid primary key,
  item_key        text not null,
  provider        text not null references ingest.provider (name),
  method          text not null check (method in ('table', 'api', 'file', 'national')),
  catalog_version integer not null references catalog.version (version),
  source          text,
  content_hash    text,
  status          text not null default 'running' check (status in ('running', 'completed', 'failed')),
  received        integer not null default 0,
  stored          integer not null default 0,
  duplicates      integer not null default 0,
  quarantined     integer not null default 0,
  -- rejected records that were already waiting in the quarantine from an earlier delivery (counted in quarantined,
  -- not stored twice)
  quarantine_repeats integer not null default 0,
  -- non-empty fields over all valid records, for the completeness measure of data quality
  filled_fields   bigint not null default 0,
  -- how far the source has been committed: rows for files and API calls, a watermark for table and national pulls
  position        integer not null default 0,
  watermark       jsonb,
  options         jsonb not null default '{}',
  error           text,
  created_by      text,
  started_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  finished_at     timestamptz
);
create index batch_provider_item_idx on ingest.batch (provider, item_key, started_at desc);
create index batch_hash_idx on ingest.batch (item_key, provider, content_hash);

create table ingest.quarantine (
  batch_id      uuid not null references ingest.batch (id),
  position      integer not null,
  item_key      text not null,
  provider      text not null,
  raw           jsonb not null,
  -- the same rejected record sent again is not quarantined twice while the first copy is still open
  raw_hash      text not null,
  issues        jsonb not null,
  status        text not null default 'open' check (status in ('open', 'resubmitted', 'discarded')),
  resolved_by   text,
  resolved_at   timestamptz,
  resolved_batch_id uuid,
  created_at    timestamptz not null default now(),
  primary key (batch_id, position)
);
create index quarantine_open_idx on ingest.quarantine (provider, item_key, created_at) where status = 'open';
create unique index quarantine_open_raw_idx on ingest.quarantine (item_key, provider, raw_hash) where status = 'open';
create index quarantine_batch_idx on ingest.quarantine (batch_id, position);

-- A table or national source a provider is pulled from, with its field mapping and where the last pull stopped.
create table ingest.source (
  id          text primary key,
  item_key    text not null,
  provider    text not null references ingest.provider (name),
  method      text not null check (method in ('table', 'national')),
  config      jsonb not null,
  watermark   jsonb,
  updated_at  timestamptz not null default now()
);
