import { useState } from 'react';
import { errorText } from '../text';

/**
 * Runs a user action with a busy flag and a one-line outcome: the action's own sentence on
 * success, the server's message on failure (every API error carries one a user can act on).
 */
export function useAction(): { busy: boolean; message: string | undefined; setMessage: (m: string | undefined) => void; run: (action: () => Promise<string>) => Promise<void> } {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string>();
  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    try {
      setMessage(await action());
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  };
  return { busy, message, setMessage, run };
}
