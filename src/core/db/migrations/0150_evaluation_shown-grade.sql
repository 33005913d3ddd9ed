-- evaluation: the grade shown is the grade used (issue 11). The relationship graph's propagation rules adjust a
-- subject's grade when a related party is 严重失信; the adjustment is kept here, current, instead of being computed
-- when read, so that financing's credit_grade rule, grade-drop alerts, reads and history all see the same grade.
-- Sparse: only subjects a rule flagged have a row, so a full run over every subject costs one small range read a page.
create table evaluation.grade_adjustment (
  subject_key text primary key,
  -- the rules' flags (RelationFlag[]): rule, party, path as shown (persons masked, ids as the graph shows them)
  flags       jsonb not null,
  -- the subjects whose records state an edge of a flag's path, and the parties: a change to any of them may move the
  -- flag, so the change feed recomputes this row when one of them changes
  via         text[] not null,
  -- the day the first of the flags lapses by itself (the party's publicity ends); recomputed from then on
  valid_until date,
  updated_at  timestamptz not null
);
create index grade_adjustment_valid_until_idx on evaluation.grade_adjustment (valid_until) where valid_until is not null;

-- The grade shown when it differs from the indicators' grade (null: the same). A history row is written when either
-- moves, so the history says when and why the grade shown changed.
alter table evaluation.score add column shown_grade text;
alter table evaluation.snapshot add column shown_grade text;
