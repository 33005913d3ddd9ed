export { createProfileService, type ProfileService, type ProfileOptions } from './profile.service.js'
export type { Profile, ProfileCategory, ProfileItem, ProfileRecord } from './profile.types.js'
export { legalRepresentativeOnFile } from './legal-representative.js'
export { createSelfDeclaredService, type SelfDeclaredService } from './self-declared.service.js'
export { selfDeclaredRoutes } from './self-declared.routes.js'
export type { SelfDeclaredSection, SelfDeclaration, CreditCommitment } from './self-declared.types.js'
export { readRecordVersions, recordVersionKey, type RecordVersion, type RecordVersionRef } from './record-versions.repository.js'
export {
  readRecordChanges, appendRecordChanges, watchRecordChanges, currentChangeCursor, isChangeCursor, CHANGE_FEED_START, RECORD_CHANGE_CHANNEL,
  type RecordChange, type RecordChangeKind, type RecordChangePage, type NewRecordChange,
} from './change-feed.js'
