import type { ReactNode } from 'react';
import { Dialog, DialogTrigger, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { Button } from '../ui/Button';

/**
 * A button that opens a modal dialog (React Aria): focus moves into it, stays there, and
 * returns to the button when it closes; Escape closes it.
 */
export function FormDialog({
  triggerLabel,
  triggerName,
  title,
  children,
}: {
  triggerLabel: string;
  /** The button's accessible name when the visible label alone is ambiguous (a row's action). */
  triggerName?: string;
  title: string;
  children: (close: () => void) => ReactNode;
}) {
  return (
    <DialogTrigger>
      <Button variant="secondary" aria-label={triggerName}>
        {triggerLabel}
      </Button>
      <ModalOverlay className="modal-overlay" isDismissable>
        <Modal className="modal">
          <Dialog className="dialog">
            {({ close }) => (
              <>
                <Heading slot="title">{title}</Heading>
                {children(close)}
              </>
            )}
          </Dialog>
        </Modal>
      </ModalOverlay>
    </DialogTrigger>
  );
}
