export { createProfileService, type ProfileService, type ProfileOptions } from './profile.service.js'
export type { Profile, ProfileCategory, ProfileItem, ProfileRecord } from './profile.types.js'
export { legalRepresentativeOnFile } from './legal-representative.js'
export { createSelfDeclaredService, type SelfDeclaredService } from './self-declared.service.js'
export type { SelfDeclaredSection, SelfDeclaration, CreditCommitment } from './self-declared.types.js'
export { createProfileRepository } from './profile.repository.js'
export { createRecordRepository, type RefusedRow } from './record.repository.js'
export { readRangeAggregates, readSubjectAggregates, readSubjectBoundaries, type RecordAggregate, type SubjectAggregates } from './record-aggregates.repository.js'
export { readCurrentRecordsPage, RECORDS_START, type RecordPosition } from './current-page.repository.js'
export { readRecordVersions, recordVersionKey, type RecordVersion as StoredRecordVersion, type RecordVersionRef } from './record-versions.repository.js'
export {
  readRecordChanges, appendRecordChanges, readRecordHistories, type RecordVersion, watchRecordChanges, currentChangeCursor, isChangeCursor, CHANGE_FEED_START, RECORD_CHANGE_CHANNEL,
  type RecordChange, type RecordChangeKind, type RecordChangePage, type NewRecordChange, compareChangeCursors,
} from './change-feed.js'
export {
  createChangeRetention, changeFeedPruned, lostByPruning, startChangePruner, type ChangeRetention, type ChangeFeedPruned, type PruneResult,
} from './change-retention.js'
export { currentRecordsOf, type CurrentRecord } from './current-records.js'
export { readRecordsAsOf, type AsOfQuery } from './records-as-of.repository.js'
export { recordSeries, type MonthlySeries } from './record-series.repository.js'
export {
  readStatefulRecord, listSubjectRecords, listRecordsStartedBy, recordStateHistory, changeRecordState, correctRecord,
  type RecordState, type RecordStateEventKind, type StateChangeSource, type RecordRef, type StatefulRecord, type RecordStateEvent,
} from './record-state.js'
export { readSubjectBundle } from './subject-bundle.js'
