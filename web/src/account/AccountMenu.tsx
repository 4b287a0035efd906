import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button, Menu, MenuItem, MenuTrigger, Popover } from 'react-aria-components';
import { useSignOut } from './hooks';
import type { User } from './session';

/** The signed-in person's menu (its own chunk: a first visit, signed out, does not download it). */
export default function AccountMenu({ user }: { user: User }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const signOut = useSignOut();
  return (
    <MenuTrigger>
      <Button className="header-button" aria-label={t('account.menu.label', { name: user.name })}>
        <span aria-hidden="true">{user.name}</span>
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="popover" placement="bottom end">
        <Menu
          className="menu"
          onAction={(key) => {
            if (key === 'sign-out') signOut.mutate(undefined, { onSuccess: () => void navigate('/') });
          }}
        >
          <MenuItem id="account" href="/account" className="menu-item">
            {t('account.menu.account')}
          </MenuItem>
          <MenuItem id="sign-out" className="menu-item">
            {t('account.signOut.action')}
          </MenuItem>
        </Menu>
      </Popover>
    </MenuTrigger>
  );
}
