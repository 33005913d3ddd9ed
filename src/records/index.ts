export { createProfileService, type ProfileService, type ProfileOptions } from './profile.service.js'
export type { Profile, ProfileCategory, ProfileItem, ProfileRecord } from './profile.types.js'
