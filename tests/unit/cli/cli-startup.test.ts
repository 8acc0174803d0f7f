// What the CLI loads before it asks the agent: only the shared protocol, the thin client, commander
// and its own small modules. The engine, React and dashboard code may come in only through the
// dynamic import of standalone mode. Read from esbuild's metafile of the real bundle.

import { describe, expect, it } from 'vitest';
import { buildCli } from '../../../cli/build.mjs';

describe('the tokentray bundle', () => {
  it('loads no engine, React or dashboard code at start-up', async () => {
    const { metafile } = await buildCli();
    const entry = Object.keys(metafile.outputs).find((path) => path.endsWith('dist-cli/tokentray.mjs'))!;
    const loaded = new Set<string>();
    const inputs = new Set<string>();
    const visit = (output: string) => {
      if (loaded.has(output)) return;
      loaded.add(output);
      for (const input of Object.keys(metafile.outputs[output]!.inputs)) inputs.add(input);
      for (const imported of metafile.outputs[output]!.imports) if (imported.kind === 'import-statement' && !imported.external) visit(imported.path);
    };
    visit(entry);
    const startup = [...inputs];
    expect(startup).toContain('shared/agent-protocol.ts');
    expect(startup).toContain('electron/agent/agent-client.ts');
    expect(startup.filter((path) => /react|renderer\/|electron\/engine\/(?!config\/data-dir)|electron\/services\/|electron\/headless\/|electron\/adapters\/|standalone|jose|sandbox/.test(path))).toEqual([]);
    // The engine is there, but only behind the dynamic import.
    const lazy = Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs));
    expect(lazy).toContain('electron/engine/engine.ts');
  });
});
