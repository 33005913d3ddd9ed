-- platforms: what a platform holds under a grant, so that the feed can tell it to forget when the grant ends
-- (revoked, expired, or narrowed by a narrower grant replacing a wider one), and the forget entries it was told.

-- One row per platform, subject and item whose restricted fields the platform was sent under a grant (by the feed or
-- a snapshot). `open`: it may still hold them; a forget entry closes the row, a later granted delivery reopens it.
-- subject_key first: the distribution key on Citus.
create table platforms.granted_item (
  subject_key text not null,
  platform    text not null,
  item_key    text not null,
  grant_id    text not null,
  first_at    timestamptz not null,
  last_at     timestamptz not null,
  open        boolean not null default true,
  primary key (subject_key, platform, item_key)
);
create index granted_item_open_idx on platforms.granted_item (platform, subject_key) where open;

-- Forget entries: "delete the restricted fields of this subject's item, your grant to them ended". Numbered per
-- platform, in the order they were issued; the platform's feed cursor carries the last number it was handed, so an
-- entry is re-sent until the platform pulls past the page that carried it.
create table platforms.forget (
  platform    text not null,
  id          bigint not null,
  subject_key text not null,
  item_key    text not null,
  grant_id    text not null,
  reason      text not null check (reason in ('grant_revoked', 'grant_expired', 'grant_ended')),
  fields      text[] not null,
  at          timestamptz not null,
  primary key (platform, id)
);
