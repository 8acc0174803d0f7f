// What the dashboard is shown and sends besides the core domain types: results of its actions,
// the settings view, app facts, notices. Process-neutral like domain.ts (no node, electron or
// react), and free of secrets: tokens only ever appear masked. Each type is derived from its
// schema in dashboard-schemas.ts, the one definition.

import type * as v from 'valibot';
import type * as schemas from './dashboard-schemas.js';

export const NOTICE_LEVELS = ['info', 'warning'] as const;

type Out<S extends v.GenericSchema> = v.InferOutput<S>;

export type CopyResult = Out<typeof schemas.CopyResultSchema>;
export type PastedTokenInspection = Out<typeof schemas.PastedTokenInspectionSchema>;
export type SettingsView = Out<typeof schemas.SettingsViewSchema>;
export type AppInfo = Out<typeof schemas.AppInfoSchema>;
export type DeviceSignIn = Out<typeof schemas.DeviceSignInSchema>;
export type Notice = Out<typeof schemas.NoticeSchema>;
export type ConnectionTest = Out<typeof schemas.ConnectionTestSchema>;
export type SignInOptions = Out<typeof schemas.SignInOptionsSchema>;
export type ProfileChangeResult = Out<typeof schemas.ProfileChangeResultSchema>;
export type SignOutResult = Out<typeof schemas.SignOutResultSchema>;
export type WebhookTestResult = Out<typeof schemas.WebhookTestResultSchema>;
