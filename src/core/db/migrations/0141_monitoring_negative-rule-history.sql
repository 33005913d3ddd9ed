-- monitoring: the operator edits what counts as negative per item (monitoring.negative_rule) over HTTP. Who changed
-- a rule is kept on it, and every change is kept beside it: the rule before and after, who, when.
alter table monitoring.negative_rule add column updated_by text;

create table monitoring.negative_rule_event (
  item_key           text not null,
  seq                bigint generated always as identity,
  at                 timestamptz not null,
  changed_by         text not null,
  kind               text not null,
  condition          jsonb not null,
  previous_kind      text,
  previous_condition jsonb,
  primary key (item_key, seq)
);
