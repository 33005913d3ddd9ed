-- The bank's own number for a repayment: a report retried after a timeout carries the same number and is taken once,
-- so the interest subsidy paid on it is paid once too.
alter table financing.repayment add column reference text;
create unique index repayment_reference on financing.repayment (application_id, reference) where reference is not null;
