-- audit: the append-only log of every read of non-public data, every grant change and every operator action
-- (征信业管理条例 第二十二条: who, when, which subject, which fields, under which grant, for what purpose).
-- Entries are chained: hash = SM3(prev_hash || canonical entry), so a changed, removed or inserted row breaks the
-- chain from that row on. One chain for the whole hub: on Citus this is a local (coordinator) table, not a
-- distributed one, because the chain is a single sequence.
create schema if not exists audit;

create table audit.entry (
  seq                bigint primary key,
  at                 timestamptz not null,
  actor_id           text,
  actor_username     text not null,
  actor_role         text not null,
  actor_organization text,
  action             text not null,
  subject_key        text,
  items              text[] not null default '{}',
  -- 'item.field' keys of the non-public fields the action disclosed
  fields             text[] not null default '{}',
  grant_id           text,
  purpose            text,
  reason             text,
  details            jsonb,
  prev_hash          text not null,
  hash               text not null unique
);
create index entry_subject_idx on audit.entry (subject_key, seq) where subject_key is not null;
create index entry_organization_idx on audit.entry (actor_organization, seq);
create index entry_grant_idx on audit.entry (grant_id, seq) where grant_id is not null;

-- Nothing updates or deletes an entry, on PGlite and PostgreSQL alike: the statement fails.
create function audit.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '审计日志只能追加，不能修改或删除 / the audit log is append-only (% refused)', tg_op
    using errcode = 'insufficient_privilege';
end
$$;
create trigger entry_append_only before update or delete on audit.entry
  for each row execute function audit.refuse_change();
create trigger entry_no_truncate before truncate on audit.entry
  for each statement execute function audit.refuse_change();
