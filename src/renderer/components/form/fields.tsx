/*
 * Form fields with a label, unit, help and an inline error, wired for screen
 * readers (aria-invalid, aria-describedby). Numbers are edited as text so a
 * half-typed value ("0.") is not reformatted under the cursor; the parent
 * gets a number, or NaN for text that is not one (reported inline).
 */
import { useEffect, useId, useState, type ReactNode } from 'react';

interface Common {
  label: string;
  disabled?: boolean;
  /** The schema key, shown small beside the label (what the CLI and JSON call it). */
  keyName?: string;
  help?: ReactNode;
  error?: string | undefined;
  changed?: boolean;
}

/** A field's frame: label with its schema key, the control, then the error or the help. */
export function FieldShell({ label, keyName, help, error, changed, id, children, wide }: Common & { id: string; children: ReactNode; /** Spans the whole row of a .fields grid (a long value such as a list). */ wide?: boolean }) {
  return (
    <div className={`field${changed ? ' changed' : ''}${wide ? ' wide' : ''}`}>
      <label htmlFor={id}>
        {label}
        {keyName && (
          <span className="key" aria-hidden="true">
            {keyName}
          </span>
        )}
      </label>
      {children}
      {error ? (
        <div className="err" id={`${id}-err`} role="alert">
          {error}
        </div>
      ) : help ? (
        <div className="help" id={`${id}-help`}>
          {help}
        </div>
      ) : null}
    </div>
  );
}

export function NumberField(props: Common & { value: number; unit?: string | undefined; min?: number | undefined; max?: number | undefined; integer?: boolean; onChange: (v: number) => void }) {
  const { value, unit, min, max, integer, onChange } = props;
  const id = useId();
  const [text, setText] = useState(String(value));
  // Follow outside changes (a preset, a reset) unless the text already means that value.
  useEffect(() => {
    if (Number(text) !== value || text.trim() === '') setText(Number.isFinite(value) ? String(value) : text);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  const local = text.trim() === '' || !Number.isFinite(Number(text)) ? 'enter a number' : integer && !Number.isInteger(Number(text)) ? 'must be a whole number' : undefined;
  const error = local ?? props.error;
  const range = min !== undefined && max !== undefined ? `${min} – ${max}` : min !== undefined ? `≥ ${min}` : max !== undefined ? `≤ ${max}` : undefined;
  return (
    <FieldShell {...props} id={id} error={error} help={props.help ?? (range ? `range ${range}` : undefined)}>
      <div className="input-unit">
        <input
          id={id}
          type="text"
          inputMode="decimal"
          disabled={props.disabled}
          value={text}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-err` : `${id}-help`}
          onChange={(e) => {
            setText(e.target.value);
            const t = e.target.value.trim();
            onChange(t === '' ? NaN : Number(t));
          }}
          style={unit ? undefined : { borderRadius: 6 }}
        />
        {unit && <span className="unit">{unit}</span>}
      </div>
    </FieldShell>
  );
}

export function SelectField(props: Common & { value: string; options: readonly { value: string; label: string }[]; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <select
        id={id}
        disabled={props.disabled}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-err` : `${id}-help`}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}

export function SwitchField(props: Common & { value: boolean; onChange: (v: boolean) => void; stacked?: boolean }) {
  const id = useId();
  const input = (
    <input
      id={id}
      type="checkbox"
      role="switch"
      className="switch"
      checked={props.value}
      disabled={props.disabled}
      aria-describedby={props.error ? `${id}-err` : `${id}-help`}
      onChange={(e) => props.onChange(e.target.checked)}
    />
  );
  if (props.stacked) {
    // In a grid of inputs: label on top like its neighbours, the switch where their input is.
    return (
      <FieldShell {...props} id={id}>
        <div className="switch-row">
          {input}
          <span className="muted small">{props.value ? 'yes' : 'no'}</span>
        </div>
      </FieldShell>
    );
  }
  return (
    <div className={`switch-field${props.changed ? ' changed' : ''}`}>
      {input}
      <label htmlFor={id}>
        {props.label}
        {props.keyName && (
          <span className="key" style={{ marginLeft: 6 }} aria-hidden="true">
            {props.keyName}
          </span>
        )}
        {props.changed && <span className="changed-dot" title="changed" />}
      </label>
      <span />
      {props.error ? (
        <div className="err small" id={`${id}-err`} role="alert" style={{ color: 'var(--danger)' }}>
          {props.error}
        </div>
      ) : (
        <div className="help small muted" id={`${id}-help`}>
          {props.help}
        </div>
      )}
    </div>
  );
}

export function TextField(props: Common & { value: string; placeholder?: string; onChange: (v: string) => void }) {
  const id = useId();
  return (
    <FieldShell {...props} id={id}>
      <input
        id={id}
        type="text"
        value={props.value}
        placeholder={props.placeholder}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-err` : `${id}-help`}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </FieldShell>
  );
}
