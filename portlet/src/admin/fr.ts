/** The administration's own words in French (loaded with the admin module, not with the entry). */
export const fr = {
  administration: 'Administration',
  screens: 'Écrans d’administration',
  departments: 'Services',
  serviceAccounts: 'Comptes de service',
  serviceAccountsIntro:
    'Les autres applications de l’université déposent et suivent des tickets avec une clé qui leur est propre, dans leurs services seulement.',
  newServiceAccount: 'Nouveau compte de service',
  accountName: 'Nom',
  scopes: 'Droits',
  scopeWords: {
    TICKETS_CREATE: 'Déposer des tickets pour une personne',
    TICKETS_READ: 'Lire les tickets',
    TICKETS_ACT: 'Traiter les tickets',
    TICKETS_SUBSCRIBE: 'Suivre les changements en direct',
  },
  expiresAt: 'Expire le (facultatif)',
  create: 'Créer le compte',
  keyOnce: 'Voici la clé du compte. Copiez-la maintenant : elle ne sera plus jamais affichée.',
  key: 'Clé',
  noAccount: 'Aucun compte de service.',
  created: 'Créé le',
  expires: 'Expire le',
  lastUsed: 'Dernière utilisation',
  never: 'jamais',
  status: 'État',
  active: 'actif',
  revoked: 'révoqué le',
  expired: 'expiré',
  revoke: 'Révoquer',
  revokeNamed: (name: string) => `Révoquer ${name}`,
  chooseScope: 'Cochez au moins un droit.',
  chooseDepartment: 'Cochez au moins un service.',
};

/** The shape every catalogue of the admin module fills. */
export type AdminMessages = typeof fr;
