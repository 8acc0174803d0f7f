// What the dashboard is shown and sends besides the core domain types: results of its actions,
// the settings view, app facts, notices. Process-neutral like domain.ts (no node, electron or
// react), and free of secrets: tokens only ever appear masked.

import type {
  EngineSettings,
  FieldProblem,
  GenesysRegionInfo,
  JwtInspection,
  ProfileConfig,
  ProfileId,
  StorageProtection,
} from './domain.js';

export interface CopyResult {
  /** What was copied, masked, e.g. "Bearer eyJh…k3Zq (812 chars)". */
  masked: string;
  /** Epoch ms when the clipboard will be cleared (if still unchanged), or null when never. */
  clearsAt: number | null;
}

export interface PastedTokenInspection {
  format: 'jwt' | 'opaque' | 'invalid';
  /** For invalid input: which segment is wrong and how. */
  problem?: { segment: 'whole' | 'header' | 'payload' | 'signature'; message: string };
  jwt?: JwtInspection;
}

export interface SettingsView {
  settings: EngineSettings;
  storage: StorageProtection;
  webhook: { configured: boolean; pending: number; dropped: number; lastError?: string; lastDeliveredAt?: number };
  regions: GenesysRegionInfo[];
}

export interface AppInfo {
  version: string;
  /** `electron` in the desktop app, `browser` for the browser dashboard. */
  mode: 'electron' | 'browser';
  profileSource: 'saved' | 'environment' | 'sandbox';
  sandboxBaseUrl?: string;
  /** False where this process has no system clipboard (a browser dashboard): Copy is not offered. */
  canCopy: boolean;
  /** `tokentray` as typed in any terminal on this machine, with TOKENTRAY_DATA_DIR when the data folder is not the default. */
  cliCommand: string;
}

export interface DeviceSignIn {
  userCode: string;
  verificationUri: string;
  verificationUriComplete?: string;
  expiresAt: number;
}

export const NOTICE_LEVELS = ['info', 'warning'] as const;

export interface Notice {
  level: (typeof NOTICE_LEVELS)[number];
  profileId?: ProfileId;
  title: string;
  message: string;
}

/** What "Test connection" found, before the profile is saved. */
export type ConnectionTest =
  | { ok: true; obtainedToken: boolean; scopes: string[]; organization?: string; message: string }
  | { ok: false; problems: FieldProblem[] };

export interface SignInOptions {
  browser: boolean;
  device: boolean;
  /** Why an option is missing or could not be checked, in words. */
  note?: string;
}

export type ProfileChangeResult = { ok: true; profile: ProfileConfig } | { ok: false; problems: FieldProblem[] };
