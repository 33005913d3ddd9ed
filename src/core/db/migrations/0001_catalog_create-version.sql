-- catalog: the sharing list (附件2) and directory (附件1), versioned. Records keep the version they came under.
create schema if not exists catalog;

create table catalog.version (
  version      integer primary key,
  label        text not null,
  document     jsonb not null,
  directory    jsonb,
  checksum     text not null unique,
  published_at timestamptz not null default now(),
  published_by text not null,
  note         text
);
