import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rule is what keeps the sandbox a demo peer: prove it rejects an engine → sandbox import
// (also a type-only one, from any depth) and lets the entry points import it.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('lint: the engine never imports the sandbox', () => {
  it('rejects value and type imports of electron/sandbox from anywhere in the engine, with a clear message', async () => {
    const fromCore = await restrictedImports('electron/engine/core/probe.ts', "import { startSandboxIdp } from '../../sandbox/sandbox-idp.js';\nexport const s = startSandboxIdp;\n");
    const fromRoot = await restrictedImports('electron/engine/probe.ts', "import type { SandboxIdp } from '../sandbox/sandbox-idp.js';\nexport type S = SandboxIdp;\n");
    for (const messages of [fromCore, fromRoot]) {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/The engine never imports the sandbox .*startDemo.*DemoPeer/);
    }
  }, 30_000);

  it('lets the entry points and tests start the sandbox', async () => {
    expect(await restrictedImports('electron/node/probe.ts', "import { sandboxDemo } from '../sandbox/sandbox-demo.js';\nexport const s = sandboxDemo;\n")).toEqual([]);
    expect(await restrictedImports('electron/probe.ts', "import { sandboxDemo } from './sandbox/sandbox-demo.js';\nexport const s = sandboxDemo;\n")).toEqual([]);
  }, 30_000);
});
