export { parseProfileInput, uniqueSlug, type FieldProblem, type ProfileInput, type ProfileParse } from './profile-input.js';
export { profileFromEnvironment, type EnvironmentProfile } from './environment.js';
export { sandboxProfiles, sandboxSecrets, SANDBOX_PROFILE_IDS } from './sandbox-profiles.js';
export { ProfileFile, ProfileConfigSchema, type ProfileLoad } from './profile-file.js';
