/**
 * Synthetic Ningxia credit data for demos, tests and benchmarks: reproducible by seed, streaming,
 * from a thousand to a million subjects. See the modules for details:
 *  - subjects.ts  — market entities (enterprises, 个体工商户, 农民专业合作社) with valid USCCs and ID numbers;
 *  - records.ts   — records of the 37 items of the sharing list for those subjects;
 *  - bad-rows.ts  — realistic broken records, with the issue the hub should report;
 *  - write-item-file.ts — CSV / JSON Lines files in UTF-8, UTF-8 with BOM or GB18030;
 *  - random.ts    — the seeded PRNG and date/number helpers.
 */

export {
  Rng,
  createRng,
  hash32,
  hashString,
  weightedTable,
  formatDay,
  dayNumber,
  dayOf,
  yearOf,
  money,
  type WeightedTable,
} from './random.js'

export {
  demoSubject,
  demoSubjects,
  demoSubjectCore,
  permuteIndex,
  DEMO_REFERENCE_DATE,
  DEMO_REFERENCE_YEAR,
  MAX_DEMO_SUBJECTS,
  type DemoSubject,
  type DemoSubjectCore,
  type EntityKind,
} from './subjects.js'

export {
  demoRecords,
  demoRecordCount,
  demoRecordStream,
  demoItemRows,
  demoTraits,
  catalogItems,
  DEMO_ITEM_WEIGHTS,
  DEFAULT_ITEM_WEIGHT,
  type DemoRecord,
  type DemoValue,
  type DemoItemWeight,
  type DemoTrait,
  type DemoRecordStreamOptions,
  type DemoStreamEntry,
} from './records.js'

export {
  corruptRecord,
  corruptionKindsFor,
  CORRUPTION_KINDS,
  EXPECTED_ISSUE,
  type Corruption,
  type CorruptionKind,
} from './bad-rows.js'

export {
  writeItemFile,
  csvField,
  type WriteItemFileOptions,
  type ItemFileFormat,
  type ItemFileHeader,
  type ItemFileEncoding,
} from './write-item-file.js'
