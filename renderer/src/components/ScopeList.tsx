import type { ScopeView } from '../../../shared/domain';

const SOURCE: Record<ScopeView['source'], string> = {
  tokens_me: 'Genesys tokens/me',
  token_response: 'the token response',
  jwt_claim: 'the JWT scope claim',
  none: 'nothing yet',
};

export function ScopeList({ scopes }: { scopes: ScopeView }) {
  if (scopes.governedByRoles) {
    return <p className="muted">Client-credentials clients are governed by their roles, not by OAuth scopes.</p>;
  }
  return (
    <div className="scopes">
      <p className="muted">{scopes.source === 'none' ? 'Which scopes were granted shows once a token has been obtained.' : `Granted scopes according to ${SOURCE[scopes.source]}.`}</p>
      <ul aria-label="Scopes">
        {scopes.missing.map((s) => <li key={`m-${s}`} className="chip missing" title="Required but not granted">✕ {s} <span className="sr-only">(missing)</span></li>)}
        {scopes.granted.filter((s) => scopes.required.includes(s)).map((s) => <li key={`g-${s}`} className="chip granted" title="Required and granted">✓ {s}</li>)}
        {scopes.extra.map((s) => <li key={`e-${s}`} className="chip extra" title="Granted but not required">+ {s}</li>)}
      </ul>
    </div>
  );
}
