import { CircleCheck, CircleX, TriangleAlert } from 'lucide-react';
import { useState } from 'react';
import type { ProfileStatus } from '../../../shared/domain';
import type { PastedTokenInspection } from '../../../shared/dashboard-types';
import { MAX_PASTED_TOKEN } from '../../../shared/ipc';
import { api, unwrap } from '../api/api';
import { useNow } from '../clock';
import { JwtView } from '../components/ClaimsTable';
import { cleanPastedToken, listInWords, signatureVerdict, timeVerdict, type Verdict } from '../inspector/clean-token';
import { clip, errorText } from '../text';

const VERDICT_ICON = { ok: CircleCheck, warn: TriangleAlert, bad: CircleX } as const;

export function PasteInspector({ statuses }: { statuses: ProfileStatus[] }) {
  const now = useNow();
  const [token, setToken] = useState('');
  const [source, setSource] = useState('none');
  const [jwksUrl, setJwksUrl] = useState('');
  const [result, setResult] = useState<PastedTokenInspection>();
  const [removed, setRemoved] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const inspect = async () => {
    setError(undefined);
    if (token.length > MAX_PASTED_TOKEN) {
      setResult(undefined);
      setError(`That is too large to be a token: ${token.length.toLocaleString()} characters (the limit is ${MAX_PASTED_TOKEN.toLocaleString()}; real tokens are a few thousand). Paste the token alone.`);
      return;
    }
    const cleaned = cleanPastedToken(token);
    setRemoved(cleaned.removed);
    try {
      const verifyWith = source === 'jwks' ? { kind: 'jwks' as const, jwksUrl } : source !== 'none' ? { kind: 'profile' as const, profileId: source } : undefined;
      setResult(await unwrap(api.inspectPastedToken({ token: cleaned.token, ...(verifyWith ? { verifyWith } : {}) })));
    } catch (e) {
      setResult(undefined);
      setError(errorText(e));
    }
  };
  const verdicts: Verdict[] = result?.jwt && Object.keys(result.jwt.claims).length
    ? [timeVerdict(result.jwt.claims, now), signatureVerdict(result.jwt.verification, source !== 'none')]
    : [];
  return (
    <section aria-labelledby="inspector-title" className="inspector">
      <h2 id="inspector-title">Inspect a token</h2>
      <p className="muted">Paste a JWT to decode it, and verify it against a profile's key set or a JWKS URL. Nothing you paste is stored.</p>
      <label htmlFor="pasted">Token</label>
      <p className="hint" id="pasted-hint">Up to {MAX_PASTED_TOKEN.toLocaleString()} characters. A Bearer prefix, quotes and line breaks are removed for you.</p>
      <textarea id="pasted" rows={5} aria-describedby="pasted-hint" value={token} onChange={(e) => setToken(e.target.value)} spellCheck={false} />
      <div className="row">
        <label htmlFor="verify-with">Verify with</label>
        <select id="verify-with" value={source} onChange={(e) => setSource(e.target.value)}>
          <option value="none">Decode only</option>
          {statuses.filter((s) => s.profile.provider.kind === 'oidc').map((s) => <option key={s.profile.id} value={s.profile.id}>{s.profile.name}</option>)}
          <option value="jwks">A JWKS URL…</option>
        </select>
        {source === 'jwks' ? <input aria-label="JWKS URL" maxLength={2000} placeholder="https://issuer/.well-known/jwks.json" value={jwksUrl} onChange={(e) => setJwksUrl(e.target.value)} /> : null}
        <button type="button" className="primary" onClick={inspect}>Inspect</button>
      </div>
      {removed.length > 0 && result ? <p className="muted small" data-testid="paste-cleaned">Removed {listInWords(removed)} before decoding.</p> : null}
      {error ? <p className="error" role="alert">{error}</p> : null}
      {result?.problem ? (
        <p className="error" role="alert" data-testid="paste-problem">
          {result.format === 'opaque' ? 'Opaque token: ' : `Not a valid JWT (${result.problem.segment}): `}{clip(result.problem.message, 400)}
        </p>
      ) : null}
      {verdicts.length ? (
        <ul className="verdicts" aria-label="Verdict" data-testid="verdicts">
          {verdicts.map((v) => {
            const Icon = VERDICT_ICON[v.tone];
            return <li key={v.text} className={`verdict tone-${v.tone}`}><Icon aria-hidden="true" size={16} />{clip(v.text, 300)}</li>;
          })}
        </ul>
      ) : null}
      {result?.jwt ? <JwtView jwt={result.jwt} now={now} showVerification={verdicts.length === 0} /> : null}
    </section>
  );
}
