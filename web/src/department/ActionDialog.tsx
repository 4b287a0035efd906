import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useProblemMessage } from '../api/problems';
import { Button } from '../ui/Button';

/**
 * A confirmation (React Aria modal: focus inside, back to the trigger on close) whose refusal the
 * page may explain in its own words: `explain` returns the sentence to show in the dialog, or null
 * when the page shows the refusal itself (then the dialog closes).
 */
export function ActionDialog({
  triggerLabel,
  title,
  children,
  confirmLabel,
  onConfirm,
  isPending,
  explain,
  triggerVariant = 'secondary',
}: {
  triggerLabel: string;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => Promise<unknown>;
  isPending?: boolean;
  explain?: (error: unknown) => string | null;
  triggerVariant?: 'primary' | 'secondary';
}) {
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
                      onConfirm().then(close, (failure: unknown) => {
                        const said = explain ? explain(failure) : message(failure);
                        if (said === null) close();
                        else setError(said);
                      });
                    }}
                  >
                    {confirmLabel}
                  </Button>
                  <Button variant="secondary" onPress={close}>
                    {t('actions.cancel')}
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
