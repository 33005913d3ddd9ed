-- evaluation: what bounds verification (核验), so that yes/no answers cannot be turned back into the values.
-- Repeated `>= N` questions recover a figure by halving (an exact amount in a few dozen questions), so an institution
-- may ask only a budget of questions per subject (question_log), and compare a restricted number only with the cut
-- points published for that field (cut_point): the answer then places the value between two published points, never
-- closer. See docs/access.md § 核验的限制.
create schema if not exists evaluation;

-- Every answered question of an institution, counted per subject; refused questions are in the audit log, not here.
-- Per-subject data: distributed by subject_key on Citus.
create table evaluation.question_log (
  subject_key  text not null,
  institution  text not null,
  grant_id     text,
  asked_at     timestamptz not null default now(),
  questions    integer not null check (questions > 0)
);
create index question_log_asker_idx on evaluation.question_log (subject_key, institution, asked_at);

-- The thresholds a restricted numeric field may be compared with, published by the operator (the hub's defaults
-- below). A field without a row accepts no numeric threshold from an institution.
create table evaluation.cut_point (
  item_key   text not null,
  field_key  text not null,
  points     numeric[] not null,
  set_by     text not null,
  set_at     timestamptz not null default now(),
  primary key (item_key, field_key)
);

-- Defaults: money in 元 at 10万 / 50万 / 100万 / 500万 / 1000万 / 5000万, months at whole quarters and years, head
-- counts at the sizes lenders grade small firms by.
insert into evaluation.cut_point (item_key, field_key, points, set_by)
select item_key, field_key, points, 'default' from (values
  ('tax_payment', 'vat_payable_last_12_months', '{100000,500000,1000000,5000000,10000000,50000000}'::numeric[]),
  ('tax_payment', 'vat_paid_last_12_months', '{100000,500000,1000000,5000000,10000000,50000000}'),
  ('tax_payment', 'cit_payable_last_12_months', '{100000,500000,1000000,5000000,10000000,50000000}'),
  ('tax_payment', 'cit_paid_last_12_months', '{100000,500000,1000000,5000000,10000000,50000000}'),
  ('tax_payment', 'consecutive_normal_payment_months', '{3,6,12,24,36}'),
  ('tax_arrears', 'tax_arrears_amount', '{10000,100000,1000000}'),
  ('annual_report', 'total_assets', '{1000000,5000000,10000000,50000000,100000000}'),
  ('annual_report', 'total_owners_equity', '{0,1000000,5000000,10000000,50000000}'),
  ('annual_report', 'total_operating_revenue', '{1000000,5000000,10000000,50000000,100000000}'),
  ('annual_report', 'total_profit', '{0,1000000,5000000,10000000}'),
  ('annual_report', 'net_profit', '{0,1000000,5000000,10000000}'),
  ('annual_report', 'total_tax_paid', '{100000,500000,1000000,5000000}'),
  ('annual_report', 'total_liabilities', '{1000000,5000000,10000000,50000000}'),
  ('annual_report', 'employee_count', '{5,10,20,50,100,300}'),
  ('housing_fund_contribution', 'avg_monthly_contributors_last_12_months', '{5,10,20,50,100,300}'),
  ('housing_fund_contribution', 'total_contribution_last_12_months', '{100000,500000,1000000,5000000}'),
  ('housing_fund_contribution', 'consecutive_normal_payment_months_last_12_months', '{3,6,12}'),
  ('electricity_bill', 'avg_monthly_electricity_cost_last_3_months', '{1000,5000,10000,50000,100000}'),
  ('electricity_bill', 'avg_monthly_electricity_cost_last_6_months', '{1000,5000,10000,50000,100000}'),
  ('electricity_bill', 'avg_monthly_electricity_cost_last_12_months', '{1000,5000,10000,50000,100000}')
) as d(item_key, field_key, points);
