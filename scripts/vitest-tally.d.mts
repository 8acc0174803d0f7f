export interface VitestJsonReport {
  testResults: { status: string; assertionResults: { status: string }[] }[];
}
export function tallyVitestReport(report: VitestJsonReport): { passed: number; failed: number; skipped: number; filesNotStarted: number };
