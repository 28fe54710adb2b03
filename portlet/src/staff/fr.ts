/** The staff part's own words in French (loaded with the staff part, not with the entry). */
export const fr = {
  openStatuses: 'Ouverts (sans les clos et annulés)',
  priority: 'Priorité',
  owner: 'Propriétaire (identifiant)',
  unknownOwner: 'Aucun utilisateur ne porte cet identifiant : choisissez-en un dans la liste proposée.',
  sort: 'Trier par',
  sorts: {
    'LAST_ACTIVITY:DESC': 'Dernière activité, la plus récente d’abord',
    'CREATED:ASC': 'Âge, le plus ancien d’abord',
    'CREATED:DESC': 'Âge, le plus récent d’abord',
    'PRIORITY:DESC': 'Priorité, la plus haute d’abord',
    'NUMBER:DESC': 'Numéro, décroissant',
  },
};

/** The shape every catalogue of the staff part fills. */
export type StaffMessages = typeof fr;
