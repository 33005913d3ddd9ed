export { createRowValidator, type RowResult, type ValidRecord } from './row-validator.js'
