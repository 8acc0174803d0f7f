// "Copy token" in the browser dashboard: through the Node process's system clipboard when there is
// one, otherwise (no desktop session, or the clipboard refuses) the exact tokentray command to run.
// The token itself never travels back to the page.

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApiHandlers } from '../../../electron/services/api-handlers.js';
import { ClipboardGuard } from '../../../electron/services/clipboard-guard.js';
import { dispatchCall } from '../../../electron/services/dispatch.js';
import { TokenEngine } from '../../../electron/engine/engine.js';
import { SANDBOX_PROFILE_IDS } from '../../../electron/sandbox/demo-profiles.js';
import { AesGcmCipher } from '../../../electron/engine/vault/aes-gcm-cipher.js';
import { systemClipboard } from '../../../electron/headless/system-clipboard.js';
import { useTempDirs } from '../../support/temp-dir.js';
import { sandboxDemo } from '../../../electron/sandbox/sandbox-demo.js';

const tempDir = useTempDirs();
let engine: TokenEngine | undefined;
afterEach(async () => engine?.stop());

async function handlersWith(clipboard: ClipboardGuard | undefined) {
  const dir = tempDir();
  engine = await TokenEngine.start({ dataDir: dir, cipher: await AesGcmCipher.fromKeyFile(join(dir, 'k')), env: {}, startDemo: sandboxDemo({ accessTokenTtlSec: 600 }) });
  return createApiHandlers({ engine, ...(clipboard ? { clipboard } : {}), appInfo: { version: 'test', mode: 'browser' } });
}

describe('Copy token in the browser dashboard', () => {
  it('finds no system clipboard without a desktop session', async () => {
    expect(await systemClipboard({}, 'linux')).toBeUndefined();
    expect(await systemClipboard({ DISPLAY: ':0', TOKENTRAY_NO_CLIPBOARD: '1' }, 'linux')).toBeUndefined();
  });

  it('without a clipboard answers with the exact command that prints the token', async () => {
    const handlers = await handlersWith(undefined);
    const result = await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.code, as: 'authorization_header' });
    expect(result).toMatchObject({ ok: false, error: { code: 'clipboard_unavailable', message: expect.stringMatching(new RegExp(`run: TOKENTRAY_DATA_DIR=\\S+ tokentray token ${SANDBOX_PROFILE_IDS.code} --header$`)) } });
  });

  it('when the clipboard refuses, says so and gives the command; the token never reaches the page', async () => {
    const handlers = await handlersWith(new ClipboardGuard({ writeText: () => { throw new Error('xsel: Can\'t open display'); }, readText: () => '' }));
    const result = await dispatchCall(handlers, 'copyToken', { profileId: SANDBOX_PROFILE_IDS.code, as: 'token' });
    expect(result).toMatchObject({ ok: false, error: { code: 'clipboard_unavailable', message: expect.stringMatching(/refused the copy.*run: TOKENTRAY_DATA_DIR=\S+ tokentray token sandbox-/) } });
    const token = (await engine!.accessToken(SANDBOX_PROFILE_IDS.code, 'api')).token;
    expect(JSON.stringify(result)).not.toContain(token);
  });
});
