/*
 * A confirmation on the native <dialog>: focus is trapped and Esc cancels
 * without extra code, and screen readers announce it as a dialog.
 */
import { useEffect, useRef, type ReactNode } from 'react';

export interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmText: string;
  /** The dismiss button's text (default "Cancel"; another word where the action itself is a cancel). */
  cancelText?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

export function ConfirmDialog({ open, title, children, confirmText, cancelText = 'Cancel', danger, busy, onConfirm, onCancel }: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      className="modal"
      aria-labelledby="dlg-title"
      onCancel={(e) => {
        e.preventDefault();
        onCancel();
      }}
    >
      <div className="dlg-body">
        <h2 id="dlg-title">{title}</h2>
        <div className="muted">{children}</div>
      </div>
      <div className="dlg-actions">
        <button type="button" className="btn" onClick={onCancel} autoFocus>
          {cancelText}
        </button>
        <button type="button" className={`btn ${danger ? 'danger solid' : 'primary'}`} disabled={busy} onClick={onConfirm}>
          {confirmText}
        </button>
      </div>
    </dialog>
  );
}
