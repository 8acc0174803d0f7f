import type { JwtInspection } from '../../../shared/domain';
import { localTime, relativeTime, TIME_CLAIMS } from '../format';

export function VerificationBadge({ verification }: { verification: JwtInspection['verification'] }) {
  return (
    <p className={`verification ${verification.status}`} data-testid="verification">
      <strong>{verification.status === 'verified' ? 'Verified' : verification.status === 'failed' ? 'Failed' : 'Unverified'}</strong>
      {verification.keyId ? <span> · key {verification.keyId}</span> : null}
      {verification.reason ? <span> — {verification.reason}</span> : null}
    </p>
  );
}

export function ClaimsTable({ title, values, now }: { title: string; values: Record<string, unknown>; now: number }) {
  const entries = Object.entries(values);
  return (
    <table className="claims" aria-label={title}>
      <caption>{title}</caption>
      <tbody>
        {entries.map(([name, value]) => (
          <tr key={name}>
            <th scope="row">{name}</th>
            <td>
              {TIME_CLAIMS.has(name) && typeof value === 'number' ? (
                <>
                  {localTime(value * 1000)} <span className="muted">({relativeTime(value * 1000, now)})</span>
                </>
              ) : (
                <code>{typeof value === 'string' ? value : JSON.stringify(value)}</code>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function JwtView({ jwt, now, showVerification = true }: { jwt: JwtInspection; now: number; showVerification?: boolean }) {
  return (
    <div className="jwt">
      {showVerification ? <VerificationBadge verification={jwt.verification} /> : null}
      <div className="two-col">
        <ClaimsTable title="Header" values={jwt.header} now={now} />
        <ClaimsTable title="Claims" values={jwt.claims} now={now} />
      </div>
    </div>
  );
}
