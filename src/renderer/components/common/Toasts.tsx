import { useStores } from '../../state/context.tsx';
import { useStore } from '../../state/store.ts';
import { IconX } from './icons.tsx';

export function Toasts() {
  const { toasts } = useStores();
  const list = useStore(toasts, (s) => s.toasts);
  return (
    <div className="toasts" role="status" aria-live="polite">
      {list.map((t) => (
        <div key={t.id} className={`toast ${t.kind}`}>
          <div>
            {t.text}
            {t.href && (
              <>
                {' '}
                <a href={t.href}>{t.linkText ?? 'Open'}</a>
              </>
            )}
          </div>
          <button type="button" className="btn ghost sm icon close" aria-label="Dismiss" onClick={() => toasts.dismiss(t.id)}>
            <IconX />
          </button>
        </div>
      ))}
    </div>
  );
}
