import { useTranslation } from 'react-i18next';
import type { EventItem } from './hooks';

/** Where an event is, in words (the online link itself only on the event page, for those who see it). */
export function usePlaceText() {
  const { t } = useTranslation();
  return (event: Pick<EventItem, 'place'>) => {
    switch (event.place.kind) {
      case 'room':
        return t('events.place.room', { room: event.place.room?.name ?? '' });
      case 'address':
        return event.place.address ?? '';
      case 'online':
        return t('events.place.online');
    }
  };
}
