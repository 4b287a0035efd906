import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useProblemMessage } from '../api/problems';
import { Button } from './Button';

export interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  triggerLabel: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  cancelLabel: string;
  onConfirm: () => void | Promise<void>;
  isPending?: boolean;
  /** A refusal the page can explain better than the problem type does (null: the usual sentence). */
  refusal?: (error: unknown) => string | null;
}

/** A modal confirmation (React Aria): focus is trapped inside and returns to the trigger on close. */
export function ConfirmDialog({
  triggerLabel,
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  isPending,
  refusal,
}: ConfirmDialogProps) {
  const message = useProblemMessage();
  const [error, setError] = useState<string | null>(null);
  return (
    <DialogTrigger>
      <Button variant="secondary">{triggerLabel}</Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                {children}
                {error && (
                  <p className="field-error" role="alert">
                    {error}
                  </p>
                )}
                <div className="button-row">
                  <Button
                    isPending={isPending}
                    onPress={() => {
                      setError(null);
                      Promise.resolve(onConfirm()).then(close, (failure: unknown) =>
                        setError(refusal?.(failure) ?? message(failure)),
                      );
                    }}
                  >
                    {confirmLabel}
                  </Button>
                  <Button variant="secondary" onPress={close}>
                    {cancelLabel}
                  </Button>
                </div>
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
