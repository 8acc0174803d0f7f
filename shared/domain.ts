// Domain types shared by the main process, the preload and the renderer.
// Process-neutral on purpose: nothing here may import node, electron or react, and no type
// here ever carries a raw token or secret (those stay inside the main process's vault).
// The shapes that cross a boundary are defined once, as schemas in domain-schemas.ts; the types
// below are derived from them. What stays here: closed lists of names and the types they make.

import type * as v from 'valibot';
import type * as schemas from './domain-schemas.js';

export type ProfileId = string;

/** How a profile obtains tokens. */
export type GrantKind =
  /** Confidential client, browser sign-in once, then refresh tokens (rotated on every refresh). */
  | 'authorization_code'
  /** Service client: no refresh token, "refresh" means minting a new token with the secret. */
  | 'client_credentials'
  /** Public client with PKCE: no client secret, no refresh token assumed; sign in again near expiry. */
  | 'pkce';

export const GRANT_KINDS: readonly GrantKind[] = ['authorization_code', 'client_credentials', 'pkce'];

/** The states a profile moves through; the tray shows the worst one. */
export type ProfileState =
  | 'no_token' // nothing obtained yet (or secrets memory-only and lost on restart)
  | 'expired' // a token was obtained but its lifetime (or the org's idle timeout) has run out
  | 'valid'
  | 'expiring' // valid but within the warning window and not yet renewed
  | 'refreshing'
  | 'retrying' // a refresh failed transiently; the current token is still served while retrying
  | 'signin_required' // the grant was rejected: the user must sign in again
  | 'error'; // something we cannot fix by retrying (bad config, storage failure)

/** Ordered from best to worst, so the tray can pick the worst state across profiles. */
export const PROFILE_STATE_SEVERITY: Record<ProfileState, number> = {
  valid: 0,
  refreshing: 1,
  expiring: 2,
  retrying: 3,
  no_token: 4,
  expired: 5,
  signin_required: 6,
  error: 7,
};

export const PROFILE_STATES = Object.keys(PROFILE_STATE_SEVERITY) as ProfileState[];

export const SCOPE_SOURCES = ['token_response', 'jwt_claim', 'tokens_me', 'none'] as const;
export type ScopeSource = (typeof SCOPE_SOURCES)[number];

export const STATUS_WARNING_CODES = ['first_token_failing', 'expiry_while_failing', 'idle_while_failing', 'no_refresh_token_idle'] as const;

export const VERIFICATION_STATUSES = ['verified', 'unverified', 'failed'] as const;
export type VerificationStatus = (typeof VERIFICATION_STATUSES)[number];

export const AUDIT_EVENT_TYPES = [
  'refresh_succeeded',
  'refresh_failed',
  'signin_required',
  'signed_in',
  'signed_out',
  'token_copied',
  'token_issued',
  'scope_drift',
  'validated',
  'webhook_delivered',
  'webhook_failed',
  'webhook_dropped',
  'vault_recovered',
  'profile_changed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];


type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export type ProviderConfig = Out<typeof schemas.ProviderConfigSchema>;
export type ProfileConfig = Out<typeof schemas.ProfileConfigSchema>;
export type ProblemInfo = Out<typeof schemas.ProblemInfoSchema>;
export type ScopeView = Out<typeof schemas.ScopeViewSchema>;
export type ScopeDrift = Out<typeof schemas.ScopeDriftSchema>;
export type PendingSignInView = Out<typeof schemas.PendingSignInSchema>;
export type StatusWarning = Out<typeof schemas.StatusWarningSchema>;
export type ProfileStatus = Out<typeof schemas.ProfileStatusSchema>;
export type LatencySample = Out<typeof schemas.LatencySampleSchema>;
export type MetricsSummary = Out<typeof schemas.MetricsSummarySchema>;
export type AuditEntry = Out<typeof schemas.AuditEntrySchema>;
export type JwtInspection = Out<typeof schemas.JwtInspectionSchema>;
export type GenesysIntrospection = Out<typeof schemas.GenesysIntrospectionSchema>;
export type TokenInspection = Out<typeof schemas.TokenInspectionSchema>;
export type ValidationReport = Out<typeof schemas.ValidationReportSchema>;
export type StorageProtection = Out<typeof schemas.StorageProtectionSchema>;
export type FieldProblem = Out<typeof schemas.FieldProblemSchema>;
export type EngineSettings = Out<typeof schemas.EngineSettingsSchema>;
export type GenesysRegionInfo = Out<typeof schemas.GenesysRegionInfoSchema>;
