-- reports: every credit report (公共信用信息报告) issued, kept so that anyone holding a printed copy can check it
-- online. `code` is SM3 over the canonical JSON of the report's content; the content is kept as that very text, so
-- the check does not depend on how jsonb would re-serialise it. Looked up by code, not by subject: a local table on
-- Citus.
create schema if not exists reports;

create table reports.issued (
  code                text primary key,
  report_no           text not null unique,
  subject_key         text not null,
  subject_name        text,
  issued_at           timestamptz not null,
  requester_username  text not null,
  requester_role      text not null,
  requester_org       text,
  content             text not null
);
create index issued_subject_idx on reports.issued (subject_key, issued_at desc);

create function reports.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception '已出具的信用报告不能修改或删除 / an issued credit report cannot be changed or deleted' using errcode = 'insufficient_privilege';
end
$$;
create trigger issued_immutable before update or delete on reports.issued
  for each row execute function reports.refuse_change();
