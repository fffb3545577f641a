/* Text that becomes an input on click (notes in the history table); Enter or blur saves, Esc reverts. */
import { useState } from 'react';

export interface InlineTextProps {
  value: string;
  placeholder: string;
  label: string;
  onSave: (v: string) => void | Promise<void>;
  multiline?: boolean;
}

export function InlineText({ value, placeholder, label, onSave, multiline }: InlineTextProps) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(value);
  if (!editing) {
    return (
      <button
        type="button"
        className="inline-text"
        aria-label={`Edit ${label}`}
        title={value || placeholder}
        onClick={(e) => {
          e.stopPropagation();
          setDraft(value);
          setEditing(true);
        }}
      >
        {value ? value : <span className="faint">{placeholder}</span>}
      </button>
    );
  }
  const commit = () => {
    setEditing(false);
    if (draft !== value) void onSave(draft);
  };
  const common = {
    autoFocus: true,
    'aria-label': label,
    value: draft,
    onClick: (e: React.MouseEvent) => e.stopPropagation(),
    onBlur: commit,
    onKeyDown: (e: React.KeyboardEvent) => {
      if (e.key === 'Escape') {
        setDraft(value);
        setEditing(false);
      } else if (e.key === 'Enter' && !(multiline && e.shiftKey)) {
        e.preventDefault();
        commit();
      }
    },
  };
  return multiline ? (
    <textarea {...common} rows={2} style={{ width: '100%' }} onChange={(e) => setDraft(e.target.value)} />
  ) : (
    <input type="text" {...common} style={{ width: '100%' }} onChange={(e) => setDraft(e.target.value)} />
  );
}
