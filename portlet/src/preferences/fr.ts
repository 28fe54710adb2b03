/** The preferences' own words in French (loaded with the preferences part, not with the entry). */
export const fr = {
  title: 'Mes préférences',
  language: 'Langue des courriels et du portail',
  french: 'Français',
  english: 'English',
  notifications: 'Recevoir un courriel pour',
  all: 'Tout cocher',
  none: 'Tout décocher',
  save: 'Enregistrer',
  saved: 'Enregistré.',
  staff: 'Mes réglages de gestionnaire',
  available: 'Disponible (reçoit des tickets par affectation automatique)',
  alert: 'Alertes de nouveaux tickets',
};

/** The shape every catalogue of the preferences part fills. */
export type PreferencesMessages = typeof fr;
