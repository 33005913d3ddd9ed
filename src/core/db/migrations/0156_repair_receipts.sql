-- repair: who received a record beyond what the audit log and the platform feed show, for repair notices.
--
-- A read that discloses public fields only leaves no audit entry, yet the institution or platform that made it saw
-- the record: it is told on the record's repair too. One row per subject, organisation and item read ('*': a read
-- of the whole subject, such as a profile, which holds every item's public fields), kept once (the first read).
create table repair.receipt (
  subject_key  text not null,
  organization text not null,
  item_key     text not null,
  role         text not null,
  via          text not null,
  first_at     timestamptz not null,
  primary key (subject_key, organization, item_key)
);

-- A notice is told once per organisation and case, however often the telling runs (idempotent).
delete from repair.notice n using repair.notice m
  where n.organization = m.organization and n.case_id = m.case_id and n.id > m.id;
create unique index notice_case_idx on repair.notice (organization, case_id);
