export * from './compensation/index.js'
export * from './ledger/index.js'
