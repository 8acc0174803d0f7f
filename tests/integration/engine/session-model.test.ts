// Model-based test of the engine's sessions (fast-check commands, asyncModelRun): random
// sequences of what a tray app lives with (callers asking for tokens, refresh now, sign-out, a
// pasted refresh token, edits that move where secrets go, remove and re-add, pause, sleeps,
// stalls, a clock set back, 429/503/invalid_grant/slow answers, restart from disk) run against the
// real TokenEngine on a virtual clock. After every step the invariants hold:
// - no token of an ended session (sign-out, remove, an edit that moved it) is handed out;
// - never two token requests of one profile in flight;
// - every live profile has a timer, a refresh in flight, or a stated reason why not;
// - a signed-out profile shows no token until it signs in again;
// - the vault holds a refresh token the server still accepts (outside the receive→fsync window).
// TOKENTRAY_MODEL_RUNS sets the number of runs (npm run reliability runs many more); a failure
// prints the seed and the shrunk command list to replay it.

import { rmSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modelClientId, modelProfileId, startModelEngine, type ModelEngine } from '../../support/model-engine.js';
import type { ModelFault } from '../../support/model-genesys.js';

const PROFILES = 2;

/** What the test knows: each profile's current grant generation, and what it may hand out. */
interface Model {
  /** The generations whose tokens may be handed out now (two while a pasted token is being proven). */
  allowed: Set<number>[];
  nextGeneration: number;
  signedOut: boolean[];
  removed: boolean[];
  /** Pasted refresh tokens still being proven, by generation. */
  pastes: Set<number>[];
  /** Bumped whenever the test ends a session (sign-out, edit, remove): a paste of an older one cannot win. */
  sessions: number[];
  /** Problems found by callbacks between steps (a handout of an ended session's token). */
  violations: string[];
}

interface Real {
  m: ModelEngine;
  pending: Promise<unknown>[];
}

type Command = fc.AsyncCommand<Model, Real, false>;

const live = (model: Model, i: number) => !model.removed[i];

/** The engine ends the session synchronously when the call starts: from then on none of its tokens may leave. */
function endSession(model: Model, i: number): void {
  model.allowed[i] = new Set();
  model.pastes[i] = new Set();
  model.sessions[i] = (model.sessions[i] ?? 0) + 1;
}

class AskToken implements Command {
  constructor(readonly i: number) {}
  check = (model: Readonly<Model>) => live(model, this.i);
  async run(model: Model, real: Real) {
    const i = this.i;
    const asked = real.m.engine.issueToken(modelProfileId(i), 10_000, { client: 'model' }).then(({ token }) => {
      const generation = real.m.server.generationOf(token);
      if (generation === undefined || !model.allowed[i]!.has(generation)) model.violations.push(`profile ${i} handed out a token of generation ${generation}, allowed ${[...model.allowed[i]!].join(',') || 'none'}`);
    }, () => undefined);
    real.pending.push(asked);
  }
  toString = () => `AskToken(${this.i})`;
}

class RefreshNow implements Command {
  constructor(readonly i: number) {}
  check = (model: Readonly<Model>) => live(model, this.i);
  async run(_model: Model, real: Real) {
    real.pending.push(real.m.engine.refreshNow(modelProfileId(this.i)).catch(() => undefined));
  }
  toString = () => `RefreshNow(${this.i})`;
}

class SignOut implements Command {
  constructor(readonly i: number) {}
  check = (model: Readonly<Model>) => live(model, this.i);
  async run(model: Model, real: Real) {
    // The session ends synchronously inside signOut: from here no token of it may be handed out.
    endSession(model, this.i);
    model.signedOut[this.i] = true;
    await real.m.engine.signOut(modelProfileId(this.i));
  }
  toString = () => `SignOut(${this.i})`;
}

class PasteRefreshToken implements Command {
  constructor(readonly i: number) {}
  check = (model: Readonly<Model>) => live(model, this.i);
  async run(model: Model, real: Real) {
    const i = this.i;
    const generation = model.nextGeneration++;
    const token = real.m.server.mintRefreshToken(modelClientId(i), generation);
    // While it is being proven, tokens of the new grant may already be handed out (it is stored the
    // moment it works); once it resolves, only the newest proven grant and grants still being proven.
    model.pastes[i]!.add(generation);
    model.allowed[i]!.add(generation);
    const session = model.sessions[i];
    real.pending.push(real.m.engine.signInWithRefreshToken(modelProfileId(i), token).then(() => {
      model.pastes[i]!.delete(generation);
      if (model.sessions[i] !== session) return;
      model.allowed[i] = new Set([generation, ...model.pastes[i]!]);
      model.signedOut[i] = false;
    }, () => {
      model.pastes[i]!.delete(generation);
    }));
  }
  toString = () => `PasteRefreshToken(${this.i})`;
}

class EditMovingSecrets implements Command {
  constructor(readonly i: number, readonly host: 0 | 1) {}
  check = (model: Readonly<Model>) => live(model, this.i);
  async run(model: Model, real: Real) {
    const generation = model.nextGeneration++;
    const input = real.m.profileInput(this.i, generation, this.host);
    endSession(model, this.i);
    model.allowed[this.i] = new Set([generation]);
    model.signedOut[this.i] = false;
    const result = await real.m.engine.updateProfile(modelProfileId(this.i), input);
    expect(result.ok).toBe(true);
  }
  toString = () => `EditMovingSecrets(${this.i}, host ${this.host})`;
}

class RemoveAndReAdd implements Command {
  constructor(readonly i: number) {}
  check = () => true;
  async run(model: Model, real: Real) {
    const id = modelProfileId(this.i);
    if (!model.removed[this.i]) {
      endSession(model, this.i);
      model.removed[this.i] = true;
      await real.m.engine.removeProfile(id);
      return;
    }
    const generation = model.nextGeneration++;
    endSession(model, this.i);
    model.allowed[this.i] = new Set([generation]);
    model.removed[this.i] = false;
    model.signedOut[this.i] = false;
    expect((await real.m.engine.addProfile(real.m.profileInput(this.i, generation))).ok).toBe(true);
  }
  toString = () => `RemoveOrReAdd(${this.i})`;
}

class Pause implements Command {
  constructor(readonly paused: boolean) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    await real.m.engine.pauseAutoRefresh(this.paused);
  }
  toString = () => `Pause(${this.paused})`;
}

class Time implements Command {
  constructor(readonly kind: 'advance' | 'sleep' | 'stall' | 'setBack', readonly ms: number) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    const { clock, engine } = real.m;
    if (this.kind === 'sleep') clock.jump(this.ms);
    if (this.kind === 'stall') clock.stall(this.ms);
    if (this.kind === 'setBack') clock.jump(-this.ms);
    // What the desktop app does on resume or a time change; a stall gets no such call.
    if (this.kind === 'sleep' || this.kind === 'setBack') engine.checkAll();
    await clock.advance(this.kind === 'advance' ? this.ms : 0);
  }
  toString = () => `${this.kind}(${this.ms} ms)`;
}

class ServerFault implements Command {
  constructor(readonly faults: ModelFault[]) {}
  check = () => true;
  async run(_model: Model, real: Real) {
    real.m.server.fault(...this.faults);
  }
  toString = () => `ServerFault(${this.faults.join(', ')})`;
}

class Restart implements Command {
  check = () => true;
  async run(_model: Model, real: Real) {
    // Quit ends every session: retry waits and slow answers still open are abandoned, as on a real quit.
    await real.m.restart();
    await real.m.clock.advance(0);
  }
  toString = () => 'Restart';
}

async function assertInvariants(model: Model, real: Real): Promise<void> {
  const { m } = real;
  await m.clock.advance(0);
  expect(model.violations).toEqual([]);
  expect(m.server.violations).toEqual([]);
  for (const { profileId, plan } of m.engine.refreshPlans()) {
    expect(plan.kind, `${profileId} has no timer, no refresh in flight and no reason`).not.toBe('none');
  }
  for (let i = 0; i < PROFILES; i += 1) {
    if (model.removed[i]) continue;
    const id = modelProfileId(i);
    if (model.signedOut[i] && model.allowed[i]!.size === 0 && model.pastes[i]!.size === 0) expect(m.engine.status(id).tokenPreview, `${id} signed out yet shows a token`).toBeUndefined();
    const stored = m.stored(id)?.refreshToken;
    // Outside the receive→store window (no token request of this profile open), a stored refresh
    // token is one the server still accepts.
    if (stored && m.server.requestsInFlight(modelClientId(i)) === 0) expect(m.server.refreshTokens.has(stored), `${id} holds a refresh token the server rotated away`).toBe(true);
  }
}

const profile = fc.integer({ min: 0, max: PROFILES - 1 });
const commands = [
  profile.map((i) => new AskToken(i)),
  profile.map((i) => new RefreshNow(i)),
  profile.map((i) => new SignOut(i)),
  profile.map((i) => new PasteRefreshToken(i)),
  fc.tuple(profile, fc.constantFrom<0 | 1>(0, 1)).map(([i, host]) => new EditMovingSecrets(i, host)),
  profile.map((i) => new RemoveAndReAdd(i)),
  fc.boolean().map((paused) => new Pause(paused)),
  fc.integer({ min: 1, max: 40 }).map((s) => new Time('advance', s * 1000)),
  fc.integer({ min: 1, max: 40 }).map((s) => new Time('advance', s * 1000)),
  fc.integer({ min: 20, max: 3_600 }).map((s) => new Time('sleep', s * 1000)),
  fc.integer({ min: 5, max: 40 }).map((s) => new Time('stall', s * 1000)),
  fc.integer({ min: 10, max: 600 }).map((s) => new Time('setBack', s * 1000)),
  fc.array(fc.constantFrom<ModelFault>('429', '503', 'invalid_grant', 'slow'), { minLength: 1, maxLength: 3 }).map((f) => new ServerFault(f)),
  fc.constant(new Restart()),
];

const RUNS = Number(process.env.TOKENTRAY_MODEL_RUNS ?? 25);

describe('engine sessions, model-based on a virtual clock', () => {
  it(`keeps every invariant over ${RUNS} random command sequences`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (cmds) => {
        const m = await startModelEngine();
        const real: Real = { m, pending: [] };
        const model: Model = { allowed: [], nextGeneration: 1, signedOut: [], removed: [], pastes: [], sessions: [], violations: [] };
        try {
          for (let i = 0; i < PROFILES; i += 1) {
            const generation = model.nextGeneration++;
            model.allowed.push(new Set([generation]));
            model.signedOut.push(false);
            model.removed.push(false);
            model.pastes.push(new Set());
            model.sessions.push(0);
            expect((await m.engine.addProfile(m.profileInput(i, generation))).ok).toBe(true);
          }
          await fc.asyncModelRun(() => ({ model, real }), [...cmds].map((cmd) => wrapWithInvariants(cmd)));
          // Let everything still running finish on the clock, then check once more.
          await m.clock.advance(120_000);
          await assertInvariants(model, real);
        } finally {
          await m.engine.stop();
          rmSync(m.dataDir, { recursive: true, force: true });
        }
      }),
      { numRuns: RUNS, verbose: 1, endOnFailure: true },
    );
  }, Math.max(120_000, RUNS * 1_000)); // npm run reliability's 2,000 runs need more than CI's 25
});

function wrapWithInvariants(cmd: Command): Command {
  return {
    check: (model) => cmd.check(model),
    async run(model, real) {
      await cmd.run(model, real);
      await assertInvariants(model, real);
    },
    toString: () => cmd.toString(),
  };
}
