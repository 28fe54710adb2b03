import type { AdminMessages } from './fr.js';

/** The administration's own words in English. */
export const en: AdminMessages = {
  administration: 'Administration',
  screens: 'Administration screens',
  departments: 'Departments',
};
