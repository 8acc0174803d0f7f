// Revoking a consumer's key asks first (Radix Dialog, like the fix dialog: focus trapped, Escape
// closes, the focus returns to the Revoke button): the consumer's next call gets 401 at once.

import { Dialog } from 'radix-ui';
import { useState } from 'react';
import { api, unwrap } from '../../api/api';
import { errorText } from '../../text';

export function RevokeButton({ consumer, onRevoked }: { consumer: string; onRevoked: () => void }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const revoke = async () => {
    try {
      await unwrap(api.revokeConsumer({ consumer }));
      setOpen(false);
      onRevoked();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <Dialog.Root open={open} onOpenChange={(next) => { setOpen(next); setError(undefined); }}>
      <Dialog.Trigger asChild><button type="button" className="danger">Revoke</button></Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="dialog-overlay" />
        <Dialog.Content className="dialog narrow">
          <div className="dialog-head"><Dialog.Title>Revoke {consumer}'s key?</Dialog.Title></div>
          <Dialog.Description>Its next call through the gateway gets 401. A revoked key cannot be restored; grant a new one if {consumer} needs access again.</Dialog.Description>
          {error ? <p className="error" role="alert">{error}</p> : null}
          <div className="actions dialog-actions">
            <Dialog.Close asChild><button type="button">Keep the key</button></Dialog.Close>
            <button type="button" className="primary danger-fill" onClick={() => void revoke()}>Revoke key</button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
