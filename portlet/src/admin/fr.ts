/** The administration's own words in French (loaded with the admin module, not with the entry). */
export const fr = {
  administration: 'Administration',
  screens: 'Écrans d’administration',
  departments: 'Services',
};

/** The shape every catalogue of the admin module fills. */
export type AdminMessages = typeof fr;
