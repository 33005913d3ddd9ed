-- monitoring (§十五 监测预警): watch lists, alert rules, alerts, webhooks and their transactional outbox. Every big table
-- is keyed by subject_key first (the distribution key on Citus); the institution's lists have their own indexes.
create schema if not exists monitoring;

-- Who watches whom. A loan's watch is added at 放款 and ends at 结清 (source 'loan', one per loan); a hand-added
-- watch needs a live grant for the subject (source 'manual'). Ended watches are kept, with why they ended.
create table monitoring.watch (
  subject_key  text not null,
  id           uuid not null,
  institution  text not null,
  source       text not null,
  loan_id      text,
  grant_id     text,
  note         text,
  created_by   text not null,
  created_at   timestamptz not null default now(),
  ended_at     timestamptz,
  end_reason   text,
  primary key (subject_key, id)
);
create unique index watch_live_idx on monitoring.watch (subject_key, institution, source, coalesce(loan_id, '')) where ended_at is null;
create index watch_institution_idx on monitoring.watch (institution, created_at desc);

-- What counts as negative, as data: an item of the sharing list, the alert kind its records raise, and a condition
-- on the record's fields ({"all":[{"field":…,"equals":…}|{"field":…,"absent":true}], "sustainedMonths": n}).
create table monitoring.negative_rule (
  item_key   text primary key,
  item_name  text not null,
  kind       text not null,
  condition  jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now()
);
insert into monitoring.negative_rule (item_key, kind, condition, item_name) values
  ('administrative_penalty', 'penalty', '{}', '行政处罚信息'),
  ('administrative_coercion', 'penalty', '{}', '行政强制信息'),
  ('serious_violation_list', 'dishonest', '{"all":[{"field":"removal_date","absent":true}]}', '列入严重违法失信企业名单情况'),
  ('dishonest_judgment_debtor', 'dishonest', '{}', '失信被执行人信息'),
  ('terminated_enforcement_case', 'enforcement', '{}', '终结本次执行案件信息'),
  ('abnormal_operation_list', 'abnormal', '{"all":[{"field":"is_listed","equals":true}]}', '列入经营异常名录情况'),
  ('abnormal_taxpayer', 'abnormal', '{"all":[{"field":"is_abnormal_taxpayer","equals":true}]}', '非正常纳税户信息'),
  ('tax_arrears', 'tax_arrears', '{"all":[{"field":"has_tax_arrears","equals":true}]}', '欠税信息'),
  ('water_bill', 'utility_arrears', '{"all":[{"field":"has_arrears","equals":true}],"sustainedMonths":3}', '水费信息'),
  ('electricity_bill', 'utility_arrears', '{"all":[{"field":"has_arrears","equals":true}],"sustainedMonths":3}', '电费信息'),
  ('gas_bill', 'utility_arrears', '{"all":[{"field":"has_arrears","equals":true}],"sustainedMonths":3}', '燃气费信息');

-- An institution's alert rules: per kind, whether it alerts, how severe, and on which channels. Kinds without a row
-- follow the defaults in monitoring.types.ts.
create table monitoring.alert_rule (
  institution text not null,
  kind        text not null,
  enabled     boolean not null,
  severity    text not null,
  channels    text[] not null,
  updated_by  text not null,
  updated_at  timestamptz not null default now(),
  primary key (institution, kind)
);

create table monitoring.alert (
  subject_key     text not null,
  id              uuid not null,
  institution     text not null,
  kind            text not null,
  severity        text not null,
  -- one alert per institution and cause: the change's seq, or the grade drop's key
  dedupe_key      text not null,
  item_key        text,
  record_key      text,
  version         integer,
  title           text not null,
  details         jsonb,
  -- the rule's channels when it was raised: 'web' pushes it live to the institution's open pages
  channels        text[] not null,
  created_at      timestamptz not null default now(),
  acknowledged_at timestamptz,
  acknowledged_by text,
  primary key (subject_key, id)
);
create unique index alert_dedupe_idx on monitoring.alert (subject_key, institution, dedupe_key);
create index alert_institution_idx on monitoring.alert (institution, created_at desc, id);

-- One webhook endpoint per institution; the secret is sealed with the data key and shown once, when set.
create table monitoring.webhook (
  institution text primary key,
  url         text not null,
  secret      text not null,
  enabled     boolean not null default true,
  updated_by  text not null,
  updated_at  timestamptz not null default now()
);

-- The outbox: a delivery is written in the same transaction as its alert, sent after commit, retried with back-off
-- until delivered or given up. Its id is the Idempotency-Key the receiver sees on every attempt.
create table monitoring.delivery (
  id           uuid primary key,
  institution  text not null,
  alert_id     uuid not null,
  subject_key  text not null,
  url          text not null,
  body         text not null,
  status       text not null default 'pending',
  attempts     integer not null default 0,
  next_at      timestamptz not null default now(),
  last_status  integer,
  last_error   text,
  created_at   timestamptz not null default now(),
  delivered_at timestamptz
);
create index delivery_due_idx on monitoring.delivery (next_at) where status = 'pending';
create index delivery_institution_idx on monitoring.delivery (institution, created_at desc);

create table monitoring.delivery_attempt (
  delivery_id uuid not null,
  n           integer not null,
  at          timestamptz not null default now(),
  http_status integer,
  error       text,
  duration_ms integer not null,
  primary key (delivery_id, n)
);

-- Where the consumer of the records change feed has got to, written in the transaction of the alerts it made.
create table monitoring.consumer (
  name       text primary key,
  cursor     text not null,
  updated_at timestamptz not null default now()
);

-- New alerts wake the live feeds at commit (payload: the institutions concerned), never for a rolled-back one.
create function monitoring.notify_alert() returns trigger language plpgsql as $$
begin
  perform pg_notify('monitoring_alert', coalesce((select json_agg(distinct institution)::text from inserted), '[]'));
  return null;
end
$$;
create trigger alert_notify after insert on monitoring.alert referencing new table as inserted
  for each statement execute function monitoring.notify_alert();

-- Deliveries wake the sender at commit.
create function monitoring.notify_delivery() returns trigger language plpgsql as $$
begin
  perform pg_notify('monitoring_delivery', '');
  return null;
end
$$;
create trigger delivery_notify after insert on monitoring.delivery for each statement execute function monitoring.notify_delivery();
