/**
 * The French words the data generator draws from (bench/data/generate.ts): departments, categories,
 * people's names, subjects and the sentences of each kind of history entry. Frequencies are shaped
 * by repetition: "connexion" sits in about a quarter of the tickets, "imprimante" in a few percent,
 * each piece of equipment in RARE in a few hundredths of a percent, each inventory number in ~0.001 %.
 */

/** Departments: code, label, confidential. */
export const DEPARTMENTS: readonly [string, string, boolean][] = [
  ['DNUM', 'Direction du numérique', false],
  ['SCOL', 'Scolarité', false],
  ['DRH', 'Ressources humaines', false],
  ['DFIN', 'Finances', false],
  ['BU', 'Bibliothèques universitaires', false],
  ['PATRI', 'Patrimoine immobilier', false],
  ['COM', 'Communication', false],
  ['RECH', 'Recherche et valorisation', false],
  ['DRI', 'Relations internationales', false],
  ['DVE', 'Vie étudiante', false],
  ['DAJ', 'Affaires juridiques', false],
  ['SSU', 'Service de santé universitaire', true],
];

/** Five top categories per department (same order as DEPARTMENTS); each gets the four SUBCATEGORIES. */
export const CATEGORIES: readonly string[][] = [
  ['ENT', 'Messagerie', 'Réseau et wifi', 'Postes de travail', 'Logiciels'],
  ['Inscriptions', 'Examens', 'Diplômes', 'Emplois du temps', 'Stages'],
  ['Paie', 'Congés', 'Recrutement', 'Formation des personnels', 'Carrière'],
  ['Missions', 'Commandes', 'Factures', 'Remboursements', 'Budget'],
  ['Prêt de documents', 'Ressources en ligne', 'Salles de travail', 'Reprographie', 'Thèses'],
  ['Chauffage', 'Électricité', 'Plomberie', 'Accès aux bâtiments', 'Mobilier'],
  ['Site web', 'Événements', 'Charte graphique', 'Réseaux sociaux', 'Impressions'],
  ['Contrats de recherche', 'Brevets', 'Laboratoires', 'Doctorat', 'Appels à projets'],
  ['Mobilité sortante', 'Étudiants étrangers', 'Erasmus', 'Visas', 'Conventions'],
  ['Associations', 'Bourses', 'Logement', 'Sport', 'Culture'],
  ['Contrats', 'Propriété intellectuelle', 'Contentieux', 'Données personnelles', 'Conventions'],
  ['Rendez-vous médicaux', 'Vaccinations', 'Soutien psychologique', 'Handicap', 'Certificats'],
];

/** The second level under each top category. */
export const SUBCATEGORIES: readonly string[] = ['Incident', 'Demande', 'Accès', 'Question'];

/** First names and last names, combined for display names. */
export const FIRST_NAMES: readonly string[] = (
  'Camille Léa Manon Chloé Emma Inès Sarah Lucie Jade Louise Zoé Clara Anaïs Juliette Margaux Élise Mathilde Pauline Océane Romane ' +
  'Lucas Hugo Louis Nathan Thomas Arthur Jules Théo Maxime Antoine Paul Raphaël Alexandre Baptiste Quentin Mathis Victor Enzo Adrien Gabriel'
).split(' ');
export const LAST_NAMES: readonly string[] = (
  'Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garcia David Bertrand Roux Vincent Fournier ' +
  'Morel Girard André Lefèvre Mercier Dupont Lambert Bonnet François Martinez Legrand Garnier Faure Rousseau Blanc Guérin Muller Henry Roussel Nicolas'
).split(' ');

/** Ticket subjects; the first ones (about a quarter of the draws) speak of "connexion". */
export const SUBJECTS: readonly string[] = [
  "Problème de connexion à l'ENT",
  'Connexion impossible à la messagerie',
  'Perte de connexion au réseau wifi',
  'Connexion refusée sur Moodle',
  'Connexion très lente depuis le campus',
  'Mot de passe oublié',
  'Compte bloqué après plusieurs essais',
  'Imprimante en panne au deuxième étage',
  'Demande de logiciel pour un cours',
  'Écran noir au démarrage du poste',
  "Erreur lors de l'inscription pédagogique",
  "Demande d'attestation de réussite",
  'Note manquante sur le relevé',
  'Changement de groupe de travaux dirigés',
  'Convention de stage à signer',
  'Bulletin de paie incomplet',
  'Demande de congés non validée',
  'Remboursement de frais de mission',
  'Facture fournisseur en attente',
  'Livre non rendu signalé par erreur',
  'Accès aux ressources en ligne de la bibliothèque',
  'Chauffage en panne dans la salle de cours',
  'Fuite d’eau dans les sanitaires',
  'Badge refusé à l’entrée du bâtiment',
  'Mise à jour de la page du laboratoire',
  'Demande de bourse sur critères sociaux',
  'Logement en résidence universitaire',
  'Dossier Erasmus incomplet',
  'Rendez-vous avec le médecin',
  'Aménagement des examens',
  'Vidéoprojecteur qui ne s’allume plus',
  'Demande de création de liste de diffusion',
];

/** Opening words of a message. */
export const GREETINGS: readonly string[] = ['Bonjour,', 'Bonjour,', 'Bonjour à tous,', 'Madame, Monsieur,', 'Bonsoir,', ''];

/** What people write when they file a ticket (the CREATED entry). */
export const DESCRIPTIONS: readonly string[] = [
  "je n'arrive plus à me connecter depuis ce matin, la page reste blanche après l'identification.",
  'la connexion échoue avec le message « identifiant ou mot de passe incorrect » alors que je suis sûr de mes codes.',
  'depuis la mise à jour de mon ordinateur, la connexion au réseau se coupe toutes les dix minutes.',
  "impossible d'ouvrir ma boîte aux lettres, le navigateur affiche une erreur de certificat.",
  "j'ai changé mon mot de passe hier et depuis rien ne fonctionne sur mon téléphone.",
  "l'imprimante du couloir affiche un bourrage papier permanent et plus personne ne peut imprimer.",
  "j'aurais besoin d'installer un logiciel de statistiques pour mes étudiants de licence.",
  "mon inscription pédagogique n'apparaît pas dans mon dossier et la date limite approche.",
  "il manque la note de l'examen de janvier sur mon relevé, pouvez-vous vérifier ?",
  'je souhaite changer de groupe de travaux dirigés pour des raisons professionnelles.',
  'ma convention de stage attend toujours la signature du responsable pédagogique.',
  "ma demande de congés est bloquée dans l'application depuis deux semaines.",
  "je n'ai toujours pas reçu le remboursement de ma mission à Lyon du mois dernier.",
  'le chauffage ne fonctionne plus dans la salle et les étudiants ont froid pendant les cours.',
  "mon badge ne m'ouvre plus la porte du bâtiment le soir après dix-huit heures.",
  'la page de notre équipe sur le site web présente encore les anciens membres.',
  "j'ai déposé un dossier de bourse mais son statut n'a pas changé depuis la rentrée.",
  'je voudrais prendre rendez-vous pour une visite médicale avant mon départ à l’étranger.',
  "le vidéoprojecteur de l'amphithéâtre ne détecte plus l'ordinateur portable.",
  'pourriez-vous créer une liste de diffusion pour les étudiants du master ?',
];

/** Sentences some descriptions add, with the equipment of RARE or an inventory number. */
export const DETAILS: readonly string[] = [
  'Le problème concerne aussi {rare} de la salle.',
  'Cela arrive aussi avec {rare}.',
  "Le numéro d'inventaire du poste est {inventory}.",
  "J'ai déjà redémarré plusieurs fois, sans succès.",
  'Plusieurs collègues ont le même souci.',
  "Cela bloque mon travail, merci d'avance pour votre aide.",
];

/** Rare equipment and places: each appears in a few hundredths of a percent of the tickets. */
export const RARE: readonly string[] = (
  'photocopieuse onduleur badgeuse casier ascenseur climatiseur radiateur plafonnier distributeur rétroprojecteur ' +
  'traceur tablette stylet webcam casque enceinte microphone parafeur agrafeuse massicot plastifieuse scanneur ' +
  'interphone digicode serrure volet store néon horloge thermostat extincteur défibrillateur microscope centrifugeuse ' +
  'spectromètre oscilloscope sismographe télescope planétarium herbier aquarium serre vestiaire gymnase piscine ' +
  'cafétéria réfectoire amphithéâtre auditorium médiathèque cartothèque phonothèque ludothèque carillon girouette'
).split(' ');

/** What staff write, by kind of entry. */
export const STAFF_REPLIES: readonly string[] = [
  'Nous avons bien reçu votre demande et nous la traitons dans les meilleurs délais.',
  'Pouvez-vous essayer de vider le cache de votre navigateur puis de vous reconnecter ?',
  'Le serveur a été redémarré, le service devrait fonctionner à nouveau.',
  "Un technicien passera dans la journée pour vérifier l'installation.",
  'Votre compte a été débloqué, vous pouvez utiliser votre mot de passe habituel.',
  "Le logiciel est disponible dans le catalogue d'applications du poste.",
  'Votre dossier a été transmis au service compétent.',
  'La correction a été faite dans le système de gestion.',
];
export const INTERNAL_NOTES: readonly string[] = [
  'Note interne : incident déjà signalé au prestataire, ticket chez eux en cours.',
  'Note interne : vérifier les droits dans l’annuaire avant de répondre.',
  'Note interne : utilisateur déjà relancé trois fois, voir avec le responsable.',
  'Note interne : panne matérielle, pièce commandée chez le fournisseur.',
  'Note interne : doublon probable avec un autre ticket du même bâtiment.',
];
export const QUESTIONS: readonly string[] = [
  "Pouvez-vous préciser le message d'erreur exact ?",
  'Depuis quel poste ou quel navigateur rencontrez-vous ce problème ?',
  'Pouvez-vous nous envoyer une capture d’écran ?',
  'À quelle heure le problème est-il apparu pour la dernière fois ?',
];
export const ANSWERS: readonly string[] = [
  'Le message est « session expirée », sur tous les navigateurs.',
  "C'est sur le poste de mon bureau, avec Firefox.",
  'Je vous joins la capture, le problème est apparu vers neuf heures.',
  'Cela se produit aussi depuis chez moi.',
];
export const USER_COMMENTS: readonly string[] = [
  'Merci pour votre retour rapide.',
  'Le problème est revenu ce matin.',
  "J'ajoute un collègue qui rencontre la même difficulté.",
  'Avez-vous du nouveau concernant ma demande ?',
];
export const RESOLUTIONS: readonly string[] = [
  'Le problème est résolu, merci de confirmer de votre côté.',
  'La configuration a été corrigée, tout fonctionne désormais.',
  'La pièce a été remplacée, tout est rentré dans l’ordre.',
  'Votre demande a été traitée.',
];
export const REFUSALS: readonly string[] = [
  'Cette demande ne relève pas de notre service, merci de contacter votre composante.',
  'Demande en doublon, elle est déjà traitée dans un autre ticket.',
];
export const USER_DISPUTES: readonly string[] = [
  "Le problème persiste malheureusement, l'erreur apparaît toujours.",
  "Ce n'est pas résolu de mon côté.",
];
export const CANCELLATIONS: readonly string[] = ['Finalement le problème s’est résolu tout seul.', 'Je retire ma demande, merci.'];
