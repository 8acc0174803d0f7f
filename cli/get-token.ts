// A token for `token`, `exec` and `env`: asked of TokenTray, with the notices a script's author
// should see on stderr, and, with --wait, waiting for a sign-in (polling status once a second, so
// the app is not asked to notify every second).

import type { AgentTokenAnswer } from '../shared/agent-protocol.js';
import { AgentCallError, ask, type AskContext } from './ask.js';
import { waitSeconds } from './options.js';
import { oneLine } from './terminal-text.js';

export interface TokenRequest {
  profile: string | undefined;
  minValidSec: number;
  wait: number | true | undefined;
}

export async function getToken(context: AskContext, request: TokenRequest): Promise<AgentTokenAnswer> {
  const { profile, minValidSec } = request;
  const waitSec = waitSeconds(request.wait);
  const deadline = Date.now() + (waitSec ?? 0) * 1000;
  for (let announced = false; ;) {
    try {
      const answer = await ask(context, 'token', { ...(profile ? { profile } : {}), minValidSec });
      noticeAbout(answer, minValidSec);
      return answer;
    } catch (error) {
      if (!waitSec || !(error instanceof AgentCallError) || error.code !== 'signin_required' || Date.now() > deadline) throw error;
      if (!announced) process.stderr.write(`tokentray: ${oneLine(error.message)}\ntokentray: waiting up to ${waitSec} s for the sign-in (Ctrl-C to stop)...\n`);
      announced = true;
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const status = await (profile ? ask(context, 'status', { profile }) : ask(context, 'list', {}).then((all) => all.find((p) => p.isDefault))).catch(() => undefined);
        if ((status && status.state !== 'signin_required') || Date.now() > deadline) break;
      }
    }
  }
}

function noticeAbout(answer: AgentTokenAnswer, minValidSec: number): void {
  const left = Math.round((answer.expiresAt - Date.now()) / 1000);
  if (answer.minValidCappedSec !== undefined) {
    process.stderr.write(`tokentray: note: ${oneLine(answer.profile)}'s tokens live ${answer.lifetimeSec ?? '?'} s, so --min-valid ${minValidSec} was capped to ${answer.minValidCappedSec} s (this token has ${left} s left).\n`);
  } else if (!answer.minValiditySatisfied) {
    process.stderr.write(`tokentray: warning: even a fresh token for ${oneLine(answer.profile)} expires in ${left} s, less than the ${minValidSec} s asked for.\n`);
  }
}
