// A profile's other actions in a menu (Radix DropdownMenu: arrow keys, type-ahead, Escape, focus
// returned to the trigger). Only actions that can work in the profile's state are listed. Not
// modal: the page stays readable to assistive technology while the menu is open.

import { Ellipsis } from 'lucide-react';
import { DropdownMenu } from 'radix-ui';
import type { ProfileStatus } from '../../../../shared/domain';
import { IconButton } from '../../components/IconButton';

export interface RowMenuItem {
  label: string;
  onSelect: () => void;
}

export function RowMenu({ status, items }: { status: ProfileStatus; items: RowMenuItem[] }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <IconButton label={`More actions for ${status.profile.name}`}><Ellipsis aria-hidden="true" size={16} /></IconButton>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4}>
          {items.map((item) => <DropdownMenu.Item key={item.label} className="menu-item" onSelect={item.onSelect}>{item.label}</DropdownMenu.Item>)}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
