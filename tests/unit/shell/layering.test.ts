import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../../support/temp-dir.js';
import { GATEWAY_STUB, buildPlants, plantSource, type Plant } from '../../support/layer-plants.js';

// The layering is enforced by dependency-cruiser with the project's own configuration, run the way
// `npm run lint` runs it. Forbidden imports are planted into a copy of the real tree; each must be
// caught by the rule the specification names, the allowed controls must pass, and nothing else in
// the copy (the real code) may be reported.

const ROOT = process.cwd();
const CONFIG = '.dependency-cruiser.mjs';
const SOURCE_FOLDERS = ['electron', 'shared', 'cli', 'renderer'];
const tempDir = useTempDirs();

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: string };
}
interface CruiseResult {
  violations: Violation[];
  comments: Map<string, string>;
}

function cruise(cwd: string): CruiseResult {
  const run = spawnSync(process.execPath, [join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'), ...SOURCE_FOLDERS, '--config', CONFIG, '--output-type', 'json'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (!run.stdout) throw new Error(`dependency-cruiser printed nothing (exit ${run.status}): ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { summary: { violations: Violation[]; ruleSetUsed: { forbidden: { name: string; comment?: string }[] } } };
  return {
    violations: report.summary.violations,
    comments: new Map(report.summary.ruleSetUsed.forbidden.map((rule) => [rule.name, rule.comment ?? ''])),
  };
}

function copyWithPlants(plants: Plant[]): string {
  const dir = tempDir();
  for (const folder of SOURCE_FOLDERS) cpSync(join(ROOT, folder), join(dir, folder), { recursive: true });
  for (const file of ['tsconfig.json', CONFIG]) cpSync(join(ROOT, file), join(dir, file));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const { path, content, append } of [GATEWAY_STUB, ...plants.map((plant) => ({ path: plant.file, content: plantSource(plant), append: plant.append }))]) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    if (append) appendFileSync(join(dir, path), `\n${content}`);
    else writeFileSync(join(dir, path), content);
  }
  return dir;
}

describe('layering (dependency-cruiser, deny by default)', () => {
  it('passes the real tree', () => {
    expect(cruise(ROOT).violations).toEqual([]);
  }, 120_000);

  it('catches every planted forbidden import, static, type-only and dynamic, each with advice', () => {
    const plants = buildPlants();
    const forbidden = plants.filter((plant) => plant.rule !== null);
    expect(forbidden.length).toBeGreaterThanOrEqual(30);
    expect(new Set(forbidden.map((plant) => plant.form))).toEqual(new Set(['static', 'type-only', 'dynamic']));

    const { violations, comments } = cruise(copyWithPlants(plants));
    const byFile = new Map<string, Violation[]>();
    for (const violation of violations) byFile.set(violation.from, [...(byFile.get(violation.from) ?? []), violation]);

    const missed: string[] = [];
    for (const plant of plants) {
      const found = byFile.get(plant.file) ?? [];
      const expected = plant.rule === null ? [] : [plant.rule];
      if (JSON.stringify(found.map((v) => v.rule.name)) !== JSON.stringify(expected)) {
        missed.push(`${plant.file} (${plant.form} import of ${plant.specifier}): expected ${expected.join() || 'no violation'}, got ${found.map((v) => v.rule.name).join() || 'none'}`);
      }
      byFile.delete(plant.file);
    }
    expect(missed).toEqual([]);
    // Only planted files were reported: the real code in the copy stays clean.
    expect([...byFile.keys()]).toEqual([]);

    for (const rule of new Set(forbidden.map((plant) => plant.rule!))) {
      const comment = comments.get(rule) ?? '';
      expect(comment, rule).toMatch(/ (instead|only|never|Move|Put|fix|Write|Take)\b/);
      expect(comment.length, rule).toBeGreaterThan(80);
    }
  }, 120_000);
});
