import { useState } from 'react';

type Permission = NotificationPermission | 'unsupported';

const current = (): Permission => (typeof Notification === 'undefined' ? 'unsupported' : Notification.permission);

/** Asks for the browser's permission to show reminders as notifications: only on a click, as browsers require. */
export function NotificationsButton() {
  const [permission, setPermission] = useState<Permission>(current);
  if (permission === 'unsupported' || permission === 'granted') return null;
  if (permission === 'denied') {
    return <span className="muted notifications-state">Notifications are blocked in this browser</span>;
  }
  return (
    <button
      type="button"
      onClick={async () => {
        setPermission(await Notification.requestPermission());
      }}
    >
      Enable notifications
    </button>
  );
}
