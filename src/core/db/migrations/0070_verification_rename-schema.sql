-- verification: the schema of 核验 (verification) was called `evaluation` when that context was the only one that
-- evaluated expressions. 信用评价 (credit evaluation, §十二) now needs the name, so the tables move, unchanged, to the
-- schema of the context that owns them. Error codes were renamed with it (EVALUATION_* → VERIFICATION_*, docs/errors.md).
alter schema evaluation rename to verification;
