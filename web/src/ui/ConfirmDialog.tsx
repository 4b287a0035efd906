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
                      Promise.resolve(onConfirm()).then(close, (failure: unknown) => setError(message(failure)));
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
