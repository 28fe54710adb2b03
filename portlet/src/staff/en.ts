import type { StaffMessages } from './fr.js';

/** The staff part's own words in English. */
export const en: StaffMessages = {
  openStatuses: 'Open (without closed and cancelled ones)',
  priority: 'Priority',
  owner: 'Owner (login)',
  unknownOwner: 'No user has this login: choose one from the list offered.',
  sort: 'Sort by',
  sorts: {
    'LAST_ACTIVITY:DESC': 'Last activity, most recent first',
    'CREATED:ASC': 'Age, oldest first',
    'CREATED:DESC': 'Age, newest first',
    'PRIORITY:DESC': 'Priority, highest first',
    'NUMBER:DESC': 'Number, descending',
  },
};
