import { useId, useState, type ReactNode } from 'react';

export interface CommitFieldProps {
  readonly label: string;
  /** The committed value; the field shows it again whenever it changes. */
  readonly value: string;
  readonly placeholder?: string;
  /** An error message for text that must not be committed, or null. */
  readonly validate: (text: string) => string | null;
  readonly onCommit: (text: string) => void;
  readonly hint?: ReactNode;
  readonly mono?: boolean;
  readonly type?: 'text' | 'number';
  readonly step?: string;
}

/**
 * A labelled text field that commits on Enter or blur. Text that fails `validate` is rejected in place:
 * the reason appears next to the field (role="alert") and nothing is committed. Escape reverts.
 */
export function CommitField({
  label,
  value,
  placeholder,
  validate,
  onCommit,
  hint,
  mono,
  type,
  step,
}: CommitFieldProps) {
  const id = useId();
  const [draft, setDraft] = useState(value);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    // The committed value changed from outside (undo, another layer): show it.
    setShown(value);
    setDraft(value);
    setError(null);
  }

  const commit = (): void => {
    const text = draft.trim();
    const reason = validate(text);
    setError(reason);
    if (reason === null && text !== value) onCommit(text);
  };

  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        className={mono ? 'mono' : undefined}
        type={type ?? 'text'}
        step={step}
        value={draft}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-error` : hint ? `${id}-hint` : undefined}
        onChange={(e) => {
          const text = e.currentTarget.value;
          setDraft(text);
          // Once a reason is shown, keep it current while the user fixes the text.
          if (error !== null) setError(validate(text.trim()));
        }}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(value);
            setError(null);
          }
        }}
      />
      {error !== null ? (
        <p id={`${id}-error`} className="field-error" role="alert">
          {error}
        </p>
      ) : hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
    </div>
  );
}
