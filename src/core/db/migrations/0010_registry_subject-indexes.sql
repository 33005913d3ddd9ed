-- registry: indexes that serve the queries actually made. Subjects are found by code or by a name fragment
-- (`name like '%…%'`, which no btree serves), and counted by region with a division-code prefix, which only a
-- text_pattern_ops index serves under a non-C collation. Every index is paid for on each new subject of a load.
drop index if exists registry.subject_name_idx;
drop index if exists registry.subject_division_idx;
create index subject_division_prefix_idx on registry.subject (division_code text_pattern_ops);
