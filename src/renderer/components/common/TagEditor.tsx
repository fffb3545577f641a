/*
 * Tags edited in place: chips with a remove button and a small input that
 * adds on Enter or comma. Tags follow the API's rule (no spaces or commas).
 */
import { useState } from 'react';

/** A tag as the API stores it: trimmed, runs of spaces and commas turned into one '-'. */
export function normalizeTag(raw: string): string {
  return raw.trim().replace(/[\s,]+/g, '-');
}

/** What the editor says under its input before Enter: null while the typed text is stored as typed. */
export function tagNotice(raw: string): string | null {
  const t = normalizeTag(raw);
  if (!t || t === raw.trim()) return null;
  return `saved as “${t}” (no spaces or commas)`;
}

export interface TagEditorProps {
  tags: string[];
  onChange: (tags: string[]) => void | Promise<void>;
  suggestions?: string[];
  label: string;
}

export function TagEditor({ tags, onChange, suggestions = [], label }: TagEditorProps) {
  const [draft, setDraft] = useState('');
  const [editing, setEditing] = useState(false);
  const listId = `tags-${label.replace(/\W+/g, '-')}`;

  const add = (raw: string) => {
    const t = normalizeTag(raw);
    setDraft('');
    if (t && !tags.includes(t)) void onChange([...tags, t]);
  };

  return (
    <div className="chips" onClick={(e) => e.stopPropagation()}>
      {tags.map((t) => (
        <span key={t} className="chip tag">
          <span className="chip-text" title={t}>
            {t}
          </span>
          <button type="button" aria-label={`Remove tag ${t}`} onClick={() => void onChange(tags.filter((x) => x !== t))}>
            ×
          </button>
        </span>
      ))}
      {editing ? (
        <>
          <input
            type="text"
            autoFocus
            aria-label={`Add tag to ${label}`}
            list={listId}
            value={draft}
            style={{ height: 22, width: 90, fontSize: 12 }}
            onChange={(e) => {
              const v = e.target.value;
              if (v.endsWith(',')) add(v.slice(0, -1));
              else setDraft(v);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') add(draft);
              if (e.key === 'Escape') {
                setDraft('');
                setEditing(false);
              }
            }}
            onBlur={() => {
              if (draft) add(draft);
              setEditing(false);
            }}
          />
          {tagNotice(draft) && (
            <span className="tag-notice" role="status">
              {tagNotice(draft)}
            </span>
          )}
          <datalist id={listId}>
            {suggestions
              .filter((s) => !tags.includes(s))
              .map((s) => (
                <option key={s} value={s} />
              ))}
          </datalist>
        </>
      ) : (
        <button type="button" className="btn ghost sm" style={{ height: 20, padding: '0 5px' }} aria-label={`Add tag to ${label}`} onClick={() => setEditing(true)}>
          + tag
        </button>
      )}
    </div>
  );
}
