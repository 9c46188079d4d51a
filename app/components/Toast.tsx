// A fixed-position message area (no layout jump), announced to screen readers.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from 'react';

interface ToastMessage {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

const ToastContext = createContext<(kind: ToastMessage['kind'], text: string) => void>(() => {});

export function useToast() {
  return useContext(ToastContext);
}

export function ToastProvider({ children }: { children: ReactNode }) {
  const [messages, setMessages] = useState<ToastMessage[]>([]);
  const next = useRef(1);
  const dismiss = useCallback((id: number) => setMessages((m) => m.filter((x) => x.id !== id)), []);
  const notify = useCallback((kind: ToastMessage['kind'], text: string) => {
    const id = next.current++;
    setMessages((m) => [...m.slice(-3), { id, kind, text }]);
  }, []);
  return (
    <ToastContext.Provider value={notify}>
      {children}
      <div className="toasts" role="status" aria-live="polite">
        {messages.map((m) => (
          <Toast key={m.id} message={m} onDismiss={dismiss} />
        ))}
      </div>
    </ToastContext.Provider>
  );
}

function Toast({ message, onDismiss }: { message: ToastMessage; onDismiss: (id: number) => void }) {
  useEffect(() => {
    const t = setTimeout(() => onDismiss(message.id), message.kind === 'error' ? 12_000 : 4_000);
    return () => clearTimeout(t);
  }, [message, onDismiss]);
  return (
    <div className={`toast toast-${message.kind}`} data-testid={`toast-${message.kind}`}>
      <span>{message.text}</span>
      <button type="button" className="toast-close" aria-label="Dismiss message" onClick={() => onDismiss(message.id)}>
        ×
      </button>
    </div>
  );
}
