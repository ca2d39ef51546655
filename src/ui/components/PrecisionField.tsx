import { parsePrecision } from '../../core/fixed/parse';
import type { ResolvedType } from '../../workers/protocol';
import { CommitField } from './CommitField';

/** Empty = inherit; 'auto' = let the passes infer; anything else must parse as a precision. */
export function precisionError(text: string, allowEmpty: boolean): string | null {
  if (text === '') return allowEmpty ? null : 'a precision is required, e.g. ap_fixed<16,6>';
  if (text.toLowerCase() === 'auto') return null;
  const r = parsePrecision(text);
  return r.ok ? null : r.error;
}

export interface PrecisionFieldProps {
  readonly label: string;
  /** This layer's own setting, or undefined when inherited. */
  readonly value: string | undefined;
  /** What the passes resolved the slot to (C++ type and where it came from). */
  readonly resolved: ResolvedType | undefined;
  readonly onCommit: (text: string | null) => void;
  /** Whether the field may be emptied to inherit the setting. */
  readonly inherits?: boolean;
}

export function PrecisionField({ label, value, resolved, onCommit, inherits = true }: PrecisionFieldProps) {
  return (
    <CommitField
      label={label}
      value={value ?? ''}
      mono
      placeholder={inherits ? (resolved ? `inherit (${resolved.cpp})` : 'inherit') : 'ap_fixed<16,6>'}
      validate={(t) => precisionError(t, inherits)}
      onCommit={(t) => onCommit(t === '' ? null : t)}
      hint={
        resolved ? (
          <>
            <span className="mono resolved">{resolved.cpp}</span>
            <span className="muted"> ← {resolved.origin}</span>
          </>
        ) : undefined
      }
    />
  );
}
