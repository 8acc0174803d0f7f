// The agent's failures: a stable protocol code and a sentence saying what to do. Engine errors map
// onto the codes scripts branch on (sign-in required, network, unknown profile...).

import type { AgentErrorCode } from '../../shared/agent-protocol.js';
import { EngineError } from '../engine/index.js';

export class AgentError extends Error {
  constructor(readonly code: AgentErrorCode, message: string) {
    super(message);
    this.name = 'AgentError';
  }
}

export function toAgentError(error: unknown): AgentError {
  if (error instanceof AgentError) return error;
  if (error instanceof EngineError) {
    const { code, message } = error.problem;
    switch (error.kind) {
      case 'grant_rejected':
        return new AgentError('signin_required', message);
      case 'transient':
      case 'rate_limited':
        return new AgentError('network', message);
      case 'storage':
        return new AgentError('storage', message);
      case 'config':
        if (code === 'signin_needed') return new AgentError('signin_required', message);
        if (code === 'unknown_profile') return new AgentError('unknown_profile', message);
        return new AgentError('config', message);
    }
  }
  // Unknown failures may carry anything in their message: say only what kind of failure it was.
  return new AgentError('internal', `TokenTray hit an unexpected error (${error instanceof Error ? error.name : typeof error}); see its log.`);
}
