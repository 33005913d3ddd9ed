-- repair: objections (异议, §十七) and credit repair (信用修复), with the whole exchange kept. Record states live in
-- records (records.record_state); this schema holds the cases, their messages, attachments and decisions, and the
-- notices to whoever received a repaired record. subject_key leads every key, for Citus.
create schema if not exists repair;

create table repair.objection (
  subject_key    text not null,
  id             uuid not null,
  item_key       text not null,
  record_key     text not null,
  record_version integer not null,
  -- the providing unit that answers (the provider of the record's first version)
  provider       text not null,
  reasons        text not null,
  status         text not null check (status in ('open', 'corrected', 'kept', 'removed')),
  filed_by       text not null,
  filed_at       timestamptz not null,
  -- the last working day of the answer (Beijing date), XINSHU_OBJECTION_DAYS after filing
  due_on         date not null,
  decided_by     text,
  decided_at     timestamptz,
  decision_note  text,
  -- the corrected values, for a correction
  correction     jsonb,
  primary key (subject_key, id)
);
create unique index objection_id_idx on repair.objection (id, subject_key);
create index objection_provider_idx on repair.objection (provider, status, due_on);
create index objection_status_idx on repair.objection (status, due_on);
-- one open objection per record
create unique index objection_open_idx on repair.objection (subject_key, item_key, record_key) where status = 'open';

create table repair.application (
  subject_key     text not null,
  id              uuid not null,
  item_key        text not null,
  record_key      text not null,
  provider        text not null,
  -- 'early': the subject applied once the minimum publicity passed; 'automatic': the maximum passed (the sweeper)
  kind            text not null check (kind in ('early', 'automatic')),
  class           text not null check (class in ('minor', 'general', 'serious')),
  rule_set        text not null,
  publicity_start date not null,
  min_end         date not null,
  max_end         date not null,
  status          text not null check (status in ('open', 'repaired', 'refused')),
  fulfilment      text,
  commitment      text,
  commitment_sm3  text,
  filed_by        text not null,
  filed_at        timestamptz not null,
  decided_by      text,
  decided_at      timestamptz,
  decision_note   text,
  primary key (subject_key, id)
);
create unique index application_id_idx on repair.application (id, subject_key);
create index application_provider_idx on repair.application (provider, status, filed_at);
create index application_status_idx on repair.application (status, filed_at);
create unique index application_open_idx on repair.application (subject_key, item_key, record_key) where status = 'open';

-- The exchange: messages of either side and each decision, in order.
create table repair.message (
  subject_key text not null,
  id          uuid not null,
  -- the order of the exchange, also when two messages share a moment
  seq         bigserial,
  case_id     uuid not null,
  author      text not null,
  author_role text not null,
  kind        text not null check (kind in ('filed', 'message', 'decision')),
  text        text not null,
  at          timestamptz not null,
  primary key (subject_key, id)
);
create index message_case_idx on repair.message (subject_key, case_id, at);

-- Attachments (proof, decisions), kept in the database beside their case: bounded in size and count by the service.
create table repair.attachment (
  subject_key  text not null,
  id           uuid not null,
  case_id      uuid not null,
  name         text not null,
  media_type   text not null,
  size         integer not null,
  sm3          text not null,
  content      bytea not null,
  uploaded_by  text not null,
  uploaded_at  timestamptz not null,
  primary key (subject_key, id)
);
create index attachment_case_idx on repair.attachment (subject_key, case_id);

-- Who is told that a record they received was repaired or removed (institutions and platforms, from the audit log).
create table repair.notice (
  organization text not null,
  id           uuid not null,
  role         text not null,
  subject_key  text not null,
  item_key     text not null,
  record_key   text not null,
  reason       text not null check (reason in ('repaired', 'removed', 'publicity_ended')),
  case_id      uuid not null,
  created_at   timestamptz not null,
  read_at      timestamptz,
  primary key (organization, id)
);
create index notice_organization_idx on repair.notice (organization, created_at desc);
