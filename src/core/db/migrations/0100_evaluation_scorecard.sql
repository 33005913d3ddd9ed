-- Institutions' scorecards (评分卡): each training run is a new version of a named card, kept whole (bins, points,
-- coefficients) with its report (AUC, KS, PSI, bin table) and the sample it learnt from. A card is its institution's
-- only: every read names the institution. Small table; on Citus it would be distributed by institution.
create schema if not exists evaluation;

create table evaluation.scorecard (
  id uuid primary key,
  institution text not null,
  name text not null,
  version integer not null check (version >= 1),
  characteristics text[] not null,
  card jsonb not null,
  report jsonb not null,
  sample jsonb not null,
  created_by text not null,
  created_at timestamptz not null,
  unique (institution, name, version)
);

create index scorecard_institution_created on evaluation.scorecard (institution, created_at desc);
