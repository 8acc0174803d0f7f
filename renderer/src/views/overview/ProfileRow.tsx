// One profile as one row: name, org · region, state pill, time left, the one primary action, and
// one plain status line with its details behind a disclosure.

import { RefreshCw } from 'lucide-react';
import { memo } from 'react';
import type { ProfileStatus } from '../../../../shared/domain';
import { refreshMessage, whereLabel } from '../../api/profile-actions';
import { useAction } from '../../api/use-action';
import { useCanCopy } from '../../app-info';
import { useNow, useStillBefore } from '../../clock';
import { StatusDetails } from '../../components/StatusDetails';
import { StatusPill } from '../../components/StatusPill';
import { TimeLeft } from '../../components/TimeLeft';
import { relativeTime } from '../../format';
import { diagnose, type Diagnosis, type PrimaryAction } from '../../status/diagnosis';
import { PrimaryActionButton } from './PrimaryActionButton';

export type EditField = Extract<PrimaryAction, { kind: 'edit' }>['field'];

interface RowProps {
  status: ProfileStatus;
  selected: boolean;
  onOpen: (id: string) => void;
  onEdit: (id: string, field: EditField) => void;
}

function ProfileRowView({ status, selected, onOpen, onEdit }: RowProps) {
  const { busy, message, run } = useAction();
  const canCopy = useCanCopy();
  // The row re-renders when the token's expiry passes, not every second: only the countdown and
  // the status line tick, so 50 rows stay cheap.
  useStillBefore(status.expiresAt);
  useStillBefore(status.retry?.nextAttemptAt);
  const diagnosis = diagnose(status, { now: Date.now(), canCopy });
  const { profile } = status;
  const everyday = diagnosis.action?.kind === 'copy' || diagnosis.action?.kind === 'copy_command';
  return (
    <li className={`profile-row-item tone-${diagnosis.tone}${selected ? ' selected' : ''}`} data-profile={profile.id} id={`row-${profile.id}`}>
      <div className="row-id">
        <h3><button type="button" className="row-title" aria-current={selected ? 'true' : undefined} onClick={() => onOpen(profile.id)}>{profile.name}</button></h3>
        <p className="where" data-testid="where">{whereLabel(status)}</p>
      </div>
      <StatusPill tone={diagnosis.tone} label={diagnosis.pill} />
      <TimeLeft status={status} />
      <div className="row-actions">
        {diagnosis.action ? <PrimaryActionButton profileId={profile.id} action={diagnosis.action} busy={busy} run={run} onEdit={(field) => onEdit(profile.id, field)} /> : null}
        {everyday ? <button type="button" className="icon-button" aria-label="Refresh now" title="Refresh now" disabled={busy} onClick={() => void run(() => refreshMessage(profile.id))}><RefreshCw aria-hidden="true" size={15} /></button> : null}
      </div>
      <div className="row-line" {...(status.pendingSignIn ? { 'data-testid': 'row-pending' } : {})}>
        <StatusLine status={status} diagnosis={diagnosis} />
        {status.pendingSignIn?.url ? <a href={status.pendingSignIn.url} target="_blank" rel="noopener noreferrer" className="small">{status.pendingSignIn.kind === 'device' ? 'Open the verification page' : 'Open the sign-in page'}</a> : null}
        <StatusDetails status={status} diagnosis={diagnosis} />
      </div>
      <p className="message" aria-live="polite">{message ?? ''}</p>
    </li>
  );
}

function StatusLine({ status, diagnosis }: { status: ProfileStatus; diagnosis: Diagnosis }) {
  const now = useNow();
  const renews = diagnosis.tone === 'ok' && status.nextRefreshAt && status.nextRefreshAt > now ? ` · renews ${relativeTime(status.nextRefreshAt, now)}` : '';
  const retry = status.state === 'retrying' && status.retry && status.retry.nextAttemptAt > now ? ` · next try ${relativeTime(status.retry.nextAttemptAt, now)}` : '';
  return (
    <p className={`status-line tone-${diagnosis.tone}`} data-testid="status-line">
      {diagnosis.line}{renews}{retry}
    </p>
  );
}

export const ProfileRow = memo(ProfileRowView);
