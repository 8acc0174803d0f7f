// An icon-only button with its name as a tooltip (Radix Tooltip: shown on hover and on keyboard
// focus, dismissed with Escape) and as its accessible name.

import { Tooltip } from 'radix-ui';
import { forwardRef, type ComponentPropsWithoutRef, type ReactNode } from 'react';

type Props = ComponentPropsWithoutRef<'button'> & { label: string; children: ReactNode };

export const IconButton = forwardRef<HTMLButtonElement, Props>(function IconButton({ label, children, ...rest }, ref) {
  return (
    <Tooltip.Provider delayDuration={300}>
    <Tooltip.Root>
      <Tooltip.Trigger asChild>
        <button ref={ref} type="button" className="icon-button" aria-label={label} {...rest}>{children}</button>
      </Tooltip.Trigger>
      <Tooltip.Portal>
        <Tooltip.Content className="tooltip" sideOffset={6}>{label}</Tooltip.Content>
      </Tooltip.Portal>
    </Tooltip.Root>
    </Tooltip.Provider>
  );
});
