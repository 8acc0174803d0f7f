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
    expect(await restrictedImports('electron/headless/probe.ts', "import { sandboxDemo } from '../sandbox/sandbox-demo.js';\nexport const s = sandboxDemo;\n")).toEqual([]);
    expect(await restrictedImports('electron/probe.ts', "import { sandboxDemo } from './sandbox/sandbox-demo.js';\nexport const s = sandboxDemo;\n")).toEqual([]);
  }, 30_000);
});

describe('lint: the layering, each breach named with what to do instead', () => {
  it('the engine never imports what is built on it', async () => {
    for (const [file, code] of [
      ['electron/engine/core/probe.ts', "import { createApiHandlers } from '../../services/api-handlers.js';\nexport const x = createApiHandlers;\n"],
      ['electron/engine/probe.ts', "import { startDashboardServer } from '../headless/dashboard-server.js';\nexport const x = startDashboardServer;\n"],
      ['electron/engine/probe.ts', "import type { DataFolderOwner } from '../agent/agent-host.js';\nexport type X = DataFolderOwner;\n"],
      ['electron/engine/probe.ts', "import { DashboardWindow } from '../adapters/dashboard-window.js';\nexport const x = DashboardWindow;\n"],
    ]) {
      const messages = await restrictedImports(file!, code!);
      expect(messages, `${file}: ${code}`).toHaveLength(1);
      expect(messages[0]).toMatch(/The engine never imports what is built on it .*by injection/);
    }
  }, 30_000);

  it('outside the engine, only its public entry may be imported', async () => {
    for (const file of ['electron/services/probe.ts', 'electron/headless/probe.ts', 'electron/agent/probe.ts', 'electron/adapters/probe.ts']) {
      const inner = await restrictedImports(file, "import { Vault } from '../engine/vault/vault.js';\nexport const x = Vault;\n");
      expect(inner, file).toHaveLength(1);
      expect(inner[0]).toMatch(/only through its public entry, electron\/engine\/index\.js/);
      expect(await restrictedImports(file, "import { TokenEngine } from '../engine/index.js';\nexport const x = TokenEngine;\n"), file).toEqual([]);
    }
    expect(await restrictedImports('electron/main.ts', "import { TokenEngine } from './engine/engine.js';\nexport const x = TokenEngine;\n")).toHaveLength(1);
  }, 30_000);

  it('the renderer imports only shared/ and its own files', async () => {
    const messages = await restrictedImports('renderer/src/probe.ts', "import { maskToken } from '../../electron/engine/index.js';\nexport const x = maskToken;\n");
    expect(messages.some((m) => /talks to the main process only over the typed API/.test(m))).toBe(true);
    expect(await restrictedImports('renderer/src/probe.ts', "import { EVENT_NAMES } from '../../shared/ipc-events.js';\nexport const x = EVENT_NAMES;\n")).toEqual([]);
  }, 30_000);
});
