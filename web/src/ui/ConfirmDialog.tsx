import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemMessage } from '../api/problems';
import { Button } from './Button';

export interface ConfirmDialogProps {
  /** The button that opens the dialog. */
  triggerLabel: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Default: "Cancel" (`actions.cancel`). */
  cancelLabel?: string;
  onConfirm: () => unknown;
  isPending?: boolean;
  /** A refusal the page can explain better than the problem type does (null: the usual sentence). */
  refusal?: (error: unknown) => string | null;
  /** The page shows a refusal itself (next to its fields): the dialog just closes. */
  closeOnRefusal?: boolean;
  triggerVariant?: 'primary' | 'secondary';
}

/**
 * A modal confirmation (React Aria): focus is trapped inside and returns to the trigger on close.
 * A refusal is said inside the dialog, in the page's words when it gives them, and forgotten when
 * the dialog is opened again.
 */
export function ConfirmDialog({
  triggerLabel,
  title,
  children,
  confirmLabel,
  cancelLabel,
  onConfirm,
  isPending,
  refusal,
  closeOnRefusal = false,
  triggerVariant = 'secondary',
}: ConfirmDialogProps) {
  const { t } = useTranslation();
  const message = useProblemMessage();
  const [error, setError] = useState<string | null>(null);
  return (
    <DialogTrigger onOpenChange={() => setError(null)}>
      <Button variant={triggerVariant}>{triggerLabel}</Button>
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
                      Promise.resolve(onConfirm()).then(close, (failure: unknown) => {
                        if (closeOnRefusal) close();
                        else setError(refusal?.(failure) ?? message(failure));
                      });
                    }}
                  >
                    {confirmLabel}
                  </Button>
                  <Button variant="secondary" onPress={close}>
                    {cancelLabel ?? t('actions.cancel')}
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
