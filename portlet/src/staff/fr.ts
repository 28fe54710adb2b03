/** The staff part's own words in French (loaded with the staff part, not with the entry). */
export const fr = {
  openStatuses: 'Ouverts (sans les clos et annulés)',
  priority: 'Priorité',
  owner: 'Propriétaire (identifiant)',
  unknownOwner: 'Aucun utilisateur ne porte cet identifiant : choisissez-en un dans la liste proposée.',
  // Bookmarks ("signets") and unread tickets
  bookmarks: 'Signets',
  unreadOnly: 'Non lus',
  bookmark: 'Signet',
  nextUnread: 'Ticket non lu suivant',
  noUnread: 'Aucun autre ticket non lu.',
  // Saved views
  views: 'Vues enregistrées',
  chooseView: '— Choisir une vue —',
  applyView: 'Afficher la vue',
  deleteView: 'Supprimer la vue',
  viewName: 'Nom de la vue',
  saveView: 'Enregistrer la vue',
  viewSaved: (name: string) => `Vue « ${name} » enregistrée.`,
  viewDeleted: (name: string) => `Vue « ${name} » supprimée.`,
  duplicateView: 'Nom de la vue : une vue porte déjà ce nom.',
  tooManyViews: 'Vous avez déjà 50 vues : supprimez-en une avant d’en enregistrer une autre.',
  badViewName: 'Nom de la vue : de 1 à 100 caractères.',
  // Canned answers ("réponses types")
  canned: 'Réponses types',
  cannedSearch: 'Rechercher une réponse type',
  noCanned: 'Aucune réponse type.',
  newCanned: 'Nouvelle réponse type',
  editCanned: (title: string) => `Modifier « ${title} »`,
  cannedTitle: 'Titre',
  cannedBody: 'Texte',
  cannedHint:
    'À l’insertion, {owner} devient le propriétaire du ticket, {number} son numéro, {manager} son gestionnaire et {category} sa catégorie.',
  cannedGone: 'Cette réponse type n’existe plus ou vous n’y avez pas accès.',
  scope: 'Portée',
  scopes: { PERSONAL: 'Personnelle', DEPARTMENT: 'Service', GLOBAL: 'Tous les services' },
  department: 'Service',
  edit: 'Modifier',
  remove: 'Supprimer',
  save: 'Enregistrer',
  create: 'Créer',
  cancel: 'Annuler',
  saved: 'Enregistré.',
  removed: (title: string) => `« ${title} » supprimée.`,
  confirmRemove: (title: string) => `Supprimer la réponse type « ${title} » ?`,
  // What the server refused, by the field it names (extensions.field)
  fields: { title: 'Titre', body: 'Texte', departmentId: 'Service', scope: 'Portée' } as Record<string, string>,
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
