-- records: every version of every record, per subject and item. Distributed by subject_key on Citus.
create schema if not exists records;

create table records.record (
  subject_key     text not null,
  item_key        text not null,
  -- the record's identity within its item (the item's identity fields, hashed); '' where a subject has one
  record_key      text not null,
  version         integer not null,
  content_hash    text not null,
  data            jsonb not null,
  warnings        jsonb,
  batch_id        uuid not null,
  provider        text not null,
  method          text not null,
  catalog_version integer not null,
  received_at     timestamptz not null,
  -- null while this version is current; a correction from the provider sets it, never overwrites the row
  superseded_at   timestamptz,
  superseded_by   uuid,
  primary key (subject_key, item_key, record_key, version)
);
-- The same content for the same record is stored once, whenever and however often it is sent.
create unique index record_content_idx on records.record (subject_key, item_key, record_key, content_hash);
create index record_batch_idx on records.record (batch_id);
