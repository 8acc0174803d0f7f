// One number setting: the raw text is checked here first ("1e" is not a number, and says so
// instead of turning into 0), then by the engine; a refused value stays visibly unsaved, with the
// message next to the field and the value still in force.

import { useState } from 'react';
import type { EngineSettings } from '../../../../shared/domain';
import { errorText } from '../../text';

type NumberKey = 'clipboardClearSec' | 'refreshFraction' | 'refreshMaxLeadSec' | 'warnBeforeMin';

export function NumberSetting({ id, label, hint, settingKey, saved, save, step }: {
  id: string; label: string; hint: string; settingKey: NumberKey; saved: number; step?: number;
  save: (patch: Partial<EngineSettings>) => Promise<unknown>;
}) {
  const [text, setText] = useState(String(saved));
  const [error, setError] = useState<string>();
  const [note, setNote] = useState<string>();
  const commit = async () => {
    const trimmed = text.trim();
    if (trimmed === String(saved)) return;
    if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
      setError(`"${trimmed.slice(0, 20)}" is not a number. ${hint}`);
      setNote(undefined);
      return;
    }
    try {
      await save({ [settingKey]: Number(trimmed) });
      setError(undefined);
      setNote('Saved.');
    } catch (e) {
      setError(errorText(e));
      setNote(undefined);
    }
  };
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="inline-input">
        <input id={id} inputMode="decimal" value={text} maxLength={12} step={step} aria-invalid={Boolean(error)} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}
          onChange={(e) => { setText(e.target.value); setNote(undefined); }} onBlur={() => void commit()}
          onKeyDown={(e) => { if (e.key === 'Enter') void commit(); }} />
        {note ? <span className="saved" role="status">{note}</span> : null}
      </div>
      <p className="hint" id={`${id}-hint`}>{hint}</p>
      {error ? <p className="error" id={`${id}-error`}>{error} The saved value is still {saved}.</p> : null}
    </div>
  );
}
