-- 企业划型 at 放款: the borrower's size by 《中小企业划型标准规定》(工信部联企业〔2011〕300号) as of the day the loan was
-- reported, with the reason (which thresholds decided it, and whether self-declared figures were used). Null size:
-- the figures on file did not decide it (counted as 未登记规模), never guessed.
alter table financing.application add column enterprise_size text check (enterprise_size in ('micro', 'small', 'medium', 'large'));
alter table financing.application add column enterprise_size_reason text;
alter table financing.application add column enterprise_size_as_of date;
