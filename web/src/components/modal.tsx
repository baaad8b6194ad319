import { type ReactNode, useEffect, useRef } from 'react';

type ModalProps = {
  open: boolean;
  labelledBy: string;
  describedBy?: string;
  /** Escape: when absent the dialog cannot be dismissed that way (the lock screen). */
  onDismiss?: () => void;
  className?: string;
  children: ReactNode;
};

/**
 * A native modal <dialog>: the page underneath becomes inert (focus stays inside) but stays
 * mounted, so nothing typed there is lost. Content renders only while open.
 */
export function Modal({ open, labelledBy, describedBy, onDismiss, className, children }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const openRef = useRef(open);
  openRef.current = open;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      className={`modal${className ? ` ${className}` : ''}`}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      onCancel={(event) => {
        event.preventDefault();
        onDismiss?.();
      }}
      onClose={() => {
        // Browsers may close a dialog despite preventDefault (repeated Escape); a required dialog reopens.
        if (openRef.current) ref.current?.showModal();
      }}
    >
      {open ? children : null}
    </dialog>
  );
}
