// The row's one primary action: the fix when something is wrong, Copy when all is well. Edits
// open the profile form on the field at fault; everything else runs here and says how it went.

import { Copy, KeyRound, LogIn, MapPin, Pencil, RotateCw, Terminal, X } from 'lucide-react';
import type { PrimaryAction } from '../../status/diagnosis';
import { cancelSignInMessage, copyCommandMessage, copyMessage, refreshMessage, signInMessage } from '../../api/profile-actions';
import { useCliCommand } from '../../app-info';

const ICON = { copy: Copy, copy_command: Terminal, retry: RotateCw, sign_in: LogIn, cancel_sign_in: X } as const;

export function PrimaryActionButton({ profileId, action, busy, run, onEdit }: {
  profileId: string;
  action: PrimaryAction;
  busy: boolean;
  run: (task: () => Promise<string>) => Promise<void>;
  onEdit: (field: Extract<PrimaryAction, { kind: 'edit' }>['field']) => void;
}) {
  if (action.kind === 'edit') {
    const Icon = action.field === 'clientSecret' ? KeyRound : action.label === 'Edit profile' ? Pencil : MapPin;
    return <button type="button" className="primary-action fix" onClick={() => onEdit(action.field)}><Icon aria-hidden="true" size={15} />{action.label}</button>;
  }
  const Icon = ICON[action.kind];
  const tokentray = useCliCommand();
  const task = {
    copy: () => copyMessage(profileId),
    copy_command: () => copyCommandMessage(profileId, tokentray),
    retry: () => refreshMessage(profileId),
    sign_in: () => signInMessage(profileId),
    cancel_sign_in: () => cancelSignInMessage(profileId),
  }[action.kind];
  const fix = action.kind === 'retry' || action.kind === 'sign_in';
  return (
    <button type="button" className={`primary-action${fix ? ' fix' : ''}`} disabled={busy} onClick={() => void run(task)}>
      <Icon aria-hidden="true" size={15} />{action.label}
    </button>
  );
}
