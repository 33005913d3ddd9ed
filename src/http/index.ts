export { buildApp } from './app.js'
export { RequestErrors } from './http.errors.js'
