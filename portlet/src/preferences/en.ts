import type { PreferencesMessages } from './fr.js';

/** The preferences' own words in English. */
export const en: PreferencesMessages = {
  title: 'My preferences',
  language: 'Language of mails and of the portal',
  french: 'Français',
  english: 'English',
  notifications: 'Send me a mail for',
  all: 'Check all',
  none: 'Uncheck all',
  save: 'Save',
  saved: 'Saved.',
  staff: 'My settings as a manager',
  available: 'Available (gets tickets by automatic assignment)',
  alert: 'New-ticket alerts',
};
