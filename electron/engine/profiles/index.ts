export { parseProfileInput, uniqueSlug, type FieldProblem, type ProfileInput, type ProfileParse } from './profile-input.js';
export { profileFromEnvironment, type EnvironmentProfile } from './environment.js';
export { ProfileFile, ProfileConfigSchema, type ProfileLoad } from './profile-file.js';
