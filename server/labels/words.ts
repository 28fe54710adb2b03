import { AlertPreference, AssignmentMode, MemberRole } from '../model/catalogue.enums.js';
import { EntryVisibility, TicketEventType, TicketOrigin, TicketVisibility } from '../model/ticket.enums.js';
import { TicketAction, TicketStatus } from '../model/ticket-status.js';
import { OrderDirection, TicketOrderField } from '../model/ticket-order.enums.js';

/** One word or phrase in every language the helpdesk speaks. */
export interface Words {
  fr: string;
  en: string;
}

// The statuses exactly as the domain model words them (docs/api.md, "Labels").
const status: Record<TicketStatus, Words> = {
  [TicketStatus.FREE]: { fr: 'Libre', en: 'Free' },
  [TicketStatus.IN_PROGRESS]: { fr: 'En cours', en: 'In progress' },
  [TicketStatus.INCOMPLETE]: { fr: 'Incomplet (en attente de votre réponse)', en: 'Waiting for information' },
  [TicketStatus.POSTPONED]: { fr: 'Reporté', en: 'Postponed' },
  [TicketStatus.CLOSED]: { fr: "Clos (en attente d'approbation)", en: 'Closed, awaiting approval' },
  [TicketStatus.APPROVED]: { fr: 'Clos / approuvé', en: 'Closed, approved' },
  [TicketStatus.CANCELLED]: { fr: 'Annulé', en: 'Cancelled' },
  [TicketStatus.REFUSED]: { fr: 'Refusé', en: 'Refused' },
  [TicketStatus.EXPIRED]: { fr: 'Expiré (clôture non contestée)', en: 'Expired (closure not disputed)' },
};

// What a history entry ("Historique") says happened.
const eventType: Record<TicketEventType, Words> = {
  [TicketEventType.CREATED]: { fr: 'Création du ticket', en: 'Ticket created' },
  [TicketEventType.TAKEN]: { fr: 'Prise en charge', en: 'Taken' },
  [TicketEventType.ASSIGNED]: { fr: 'Affectation', en: 'Assigned' },
  [TicketEventType.FREED]: { fr: 'Libération', en: 'Freed' },
  [TicketEventType.INFORMATION_REQUESTED]: { fr: "Demande de complément d'information", en: 'Information requested' },
  [TicketEventType.INFORMATION_GIVEN]: { fr: "Complément d'information", en: 'Information given' },
  [TicketEventType.COMMENTED]: { fr: 'Commentaire', en: 'Comment' },
  [TicketEventType.POSTPONED]: { fr: 'Report', en: 'Postponed' },
  [TicketEventType.RECALLED]: { fr: 'Rappel', en: 'Recalled' },
  [TicketEventType.CLOSURE_REQUESTED]: { fr: 'Demande de clôture', en: 'Closure requested' },
  [TicketEventType.CLOSED_BY_OWNER]: { fr: 'Clôture par le propriétaire', en: 'Closed by the owner' },
  [TicketEventType.CLOSURE_APPROVED]: { fr: 'Clôture approuvée', en: 'Closure approved' },
  [TicketEventType.CLOSURE_REFUSED]: { fr: 'Clôture refusée', en: 'Closure refused' },
  [TicketEventType.CANCELLED]: { fr: 'Annulation', en: 'Cancelled' },
  [TicketEventType.REFUSED]: { fr: 'Refus du ticket', en: 'Ticket refused' },
  [TicketEventType.REOPENED]: { fr: 'Réouverture', en: 'Reopened' },
  [TicketEventType.EXPIRED]: { fr: 'Expiration (clôture non contestée)', en: 'Expired (closure not disputed)' },
  [TicketEventType.MOVED]: { fr: 'Déplacement', en: 'Moved' },
  [TicketEventType.INVITED]: { fr: 'Invitation', en: 'Invitation' },
  [TicketEventType.INVITATION_REMOVED]: { fr: "Retrait d'une invitation", en: 'Invitation removed' },
  [TicketEventType.UPDATED]: { fr: 'Modification des propriétés', en: 'Properties changed' },
  [TicketEventType.FILES_ATTACHED]: { fr: 'Fichiers attachés', en: 'Files attached' },
  [TicketEventType.FILE_DELETED]: { fr: 'Fichier supprimé', en: 'File deleted' },
  [TicketEventType.OWNER_CHANGED]: { fr: 'Changement de propriétaire', en: 'Owner changed' },
  [TicketEventType.REMINDED]: { fr: 'Relance (information attendue)', en: 'Reminder (information awaited)' },
  [TicketEventType.MAIL_FAILED]: { fr: 'Alerte : courriel non remis', en: 'Alert: mail not delivered' },
};

// The ACTIONS menu, in the guide's own words where it has them ("Ajouter commentaire", "Refuser clôture"…).
const action: Record<TicketAction, Words> = {
  [TicketAction.TAKE]: { fr: 'Prendre en charge', en: 'Take' },
  [TicketAction.ASSIGN]: { fr: 'Affecter', en: 'Assign' },
  [TicketAction.FREE]: { fr: 'Libérer', en: 'Free' },
  [TicketAction.REQUEST_INFORMATION]: { fr: "Demander un complément d'information", en: 'Request information' },
  [TicketAction.ADD_COMMENT]: { fr: 'Ajouter commentaire', en: 'Add comment' },
  [TicketAction.POSTPONE]: { fr: 'Reporter', en: 'Postpone' },
  [TicketAction.RECALL]: { fr: 'Rappeler', en: 'Recall' },
  // The guide: the manager "demande à clôturer le ticket" (entry "Demande de clôture"); the owner may
  // also close their own ticket at once (entry "Clôture par le propriétaire"): two words, never one.
  [TicketAction.REQUEST_CLOSURE]: { fr: 'Demander la clôture', en: 'Request closure' },
  [TicketAction.CLOSE]: { fr: 'Clôturer mon ticket', en: 'Close my ticket' },
  [TicketAction.APPROVE_CLOSURE]: { fr: 'Approuver', en: 'Approve' },
  [TicketAction.REFUSE_CLOSURE]: { fr: 'Refuser clôture', en: 'Refuse closure' },
  [TicketAction.CANCEL]: { fr: 'Annuler', en: 'Cancel' },
  [TicketAction.REFUSE]: { fr: 'Refuser le ticket', en: 'Refuse the ticket' },
  [TicketAction.REOPEN]: { fr: 'Rouvrir', en: 'Reopen' },
  [TicketAction.MOVE]: { fr: 'Déplacer', en: 'Move' },
  [TicketAction.INVITE]: { fr: 'Inviter un utilisateur', en: 'Invite a user' },
  [TicketAction.REMOVE_INVITATION]: { fr: "Retirer l'invitation", en: 'Remove the invitation' },
  [TicketAction.WATCH]: { fr: 'Surveiller le ticket', en: 'Watch the ticket' },
  [TicketAction.UNWATCH]: { fr: 'Ne plus surveiller', en: 'Stop watching' },
  [TicketAction.UPDATE]: { fr: 'Modifier les propriétés', en: 'Edit properties' },
  [TicketAction.ATTACH_FILES]: { fr: 'Ajouter des fichiers', en: 'Attach files' },
  [TicketAction.CHANGE_OWNER]: { fr: 'Changer de propriétaire', en: 'Change owner' },
};

// Priorities 1 (très basse) … 5 (très élevée), keyed by their number.
const priority: Record<'1' | '2' | '3' | '4' | '5', Words> = {
  1: { fr: 'Très basse', en: 'Very low' },
  2: { fr: 'Basse', en: 'Low' },
  3: { fr: 'Normale', en: 'Normal' },
  4: { fr: 'Élevée', en: 'High' },
  5: { fr: 'Très élevée', en: 'Very high' },
};

// Ticket visibilities and entry visibilities share one kind: their keys never collide.
const visibility: Record<TicketVisibility | EntryVisibility, Words> = {
  [TicketVisibility.PRIVATE]: { fr: 'Privé', en: 'Private' },
  [TicketVisibility.PUBLIC]: { fr: 'Public', en: 'Public' },
  [TicketVisibility.SUBJECT_ONLY]: { fr: 'Sujet seulement', en: 'Subject only' },
  [EntryVisibility.EVERYONE]: { fr: 'Tout le monde', en: 'Everyone' },
  [EntryVisibility.PARTICIPANTS]: { fr: 'Participants (propriétaire, invités, service)', en: 'Participants (owner, invitees, staff)' },
  [EntryVisibility.OWNER]: { fr: 'Propriétaire et service', en: 'Owner and staff' },
  [EntryVisibility.INVITEES]: { fr: 'Invités et service', en: 'Invitees and staff' },
  [EntryVisibility.STAFF]: { fr: 'Note interne (service)', en: 'Internal note (staff)' },
};

const origin: Record<TicketOrigin, Words> = {
  [TicketOrigin.WEB]: { fr: 'Web', en: 'Web' },
  [TicketOrigin.EMAIL]: { fr: 'Courriel', en: 'Email' },
  [TicketOrigin.PHONE]: { fr: 'Téléphone', en: 'Phone' },
  [TicketOrigin.API]: { fr: 'API', en: 'API' },
  [TicketOrigin.OTHER]: { fr: 'Autre', en: 'Other' },
};

// The ticket's properties ("Propriétés"), keyed as history entries name them (TicketEvent.changes.property).
const property: Record<string, Words> = {
  subject: { fr: 'Sujet', en: 'Subject' },
  status: { fr: 'Statut', en: 'Status' },
  priority: { fr: 'Priorité', en: 'Priority' },
  visibility: { fr: 'Visibilité', en: 'Visibility' },
  origin: { fr: 'Origine', en: 'Origin' },
  spentMinutes: { fr: 'Temps passé (minutes)', en: 'Time spent (minutes)' },
  category: { fr: 'Catégorie', en: 'Category' },
  department: { fr: 'Service', en: 'Department' },
  manager: { fr: 'Gestionnaire', en: 'Manager' },
  owner: { fr: 'Propriétaire', en: 'Owner' },
  creator: { fr: 'Créateur', en: 'Creator' },
  invitee: { fr: 'Invité', en: 'Invitee' },
  recallAt: { fr: 'Date de rappel', en: 'Recall date' },
  file: { fr: 'Fichier', en: 'File' },
};

const role: Record<MemberRole, Words> = {
  [MemberRole.MANAGER]: { fr: 'Gestionnaire', en: 'Manager' },
  [MemberRole.SUPERVISOR]: { fr: 'Superviseur', en: 'Supervisor' },
};

const alert: Record<AlertPreference, Words> = {
  [AlertPreference.ALL]: { fr: 'Tous les nouveaux tickets', en: 'All new tickets' },
  [AlertPreference.MY_CATEGORIES]: { fr: 'Seulement mes catégories', en: 'Only my categories' },
  [AlertPreference.NONE]: { fr: 'Aucune alerte', en: 'No alerts' },
};

const assignment: Record<AssignmentMode, Words> = {
  [AssignmentMode.NONE]: { fr: 'Aucune affectation automatique', en: 'No automatic assignment' },
  [AssignmentMode.FIRST]: { fr: 'Premier gestionnaire disponible', en: 'First available manager' },
  [AssignmentMode.ROUND_ROBIN]: { fr: 'À tour de rôle', en: 'Round robin' },
  [AssignmentMode.LEAST_LOADED]: { fr: 'Le moins chargé', en: 'Least loaded' },
};

// How a ticket list is sorted (TicketFilter.orderBy): the sorter of the lists.
const order: Record<TicketOrderField, Words> = {
  [TicketOrderField.LAST_ACTIVITY]: { fr: 'Dernière activité', en: 'Last activity' },
  [TicketOrderField.CREATED]: { fr: 'Date de création', en: 'Creation date' },
  [TicketOrderField.NUMBER]: { fr: 'Numéro', en: 'Number' },
  [TicketOrderField.PRIORITY]: { fr: 'Priorité', en: 'Priority' },
};

const direction: Record<OrderDirection, Words> = {
  [OrderDirection.ASC]: { fr: 'Croissant', en: 'Ascending' },
  [OrderDirection.DESC]: { fr: 'Décroissant', en: 'Descending' },
};

// The mails' own sentences (server/mail/mail-message.ts); `{name}`-style holes are filled there, as plain text.
const mail: Record<string, Words> = {
  product: { fr: 'Assistance', en: 'Helpdesk' },
  numberSign: { fr: 'n°', en: 'no.' },
  greeting: { fr: 'Bonjour,', en: 'Hello,' },
  receipt: {
    fr: 'Votre demande a bien été enregistrée sous le numéro {number}. Vous serez averti par courriel de son traitement.',
    en: 'Your request has been recorded as number {number}. You will be notified by email as it progresses.',
  },
  happened: { fr: 'Ticket n°{number} « {subject} » : {what}.', en: 'Ticket no. {number} "{subject}": {what}.' },
  by: { fr: 'Par {name}.', en: 'By {name}.' },
  status: { fr: 'Statut : {status}.', en: 'Status: {status}.' },
  files: { fr: 'Fichiers joints', en: 'Attached files' },
  view: { fr: 'Voir le ticket', en: 'View the ticket' },
  answer: { fr: 'Répondre à la demande', en: 'Answer the request' },
  reminder: {
    fr: 'Une information vous a été demandée sur ce ticket et il attend votre réponse.',
    en: 'Information was requested on this ticket, and it is waiting for your answer.',
  },
  expiredClosure: {
    fr: "La clôture n'a pas été contestée dans le délai du service : le ticket est clos.",
    en: "The closure was not disputed within the department's delay: the ticket is closed.",
  },
  replyHint: {
    fr: 'Vous pouvez répondre à ce courriel pour ajouter un commentaire au ticket.',
    en: 'You may reply to this email to add a comment to the ticket.',
  },
  footer: {
    fr: 'Courriel envoyé par le service Assistance ; vos préférences de notification sont dans le portail.',
    en: 'Sent by the helpdesk; your notification preferences are in the portal.',
  },
  // The daily digest (server/mail/digest-message.ts), ESUP's "rapport quotidien".
  digestSubject: { fr: 'Rapport quotidien : {count} ticket(s)', en: 'Daily digest: {count} ticket(s)' },
  digestIntro: { fr: 'Voici le point sur vos tickets.', en: 'Here is where your tickets stand.' },
  digestQueue: {
    fr: 'En attente de prise en charge dans vos services',
    en: 'Waiting for a manager in your departments',
  },
  digestWaiting: { fr: 'Qui vous sont attribués et attendent votre action', en: 'Assigned to you and waiting for you' },
  digestExpiring: {
    fr: "Demandes de clôture qui expirent d'ici 24 heures",
    en: 'Closure requests expiring within 24 hours',
  },
  digestReturning: { fr: "Tickets reportés qui reviennent d'ici 24 heures", en: 'Postponed tickets coming back within 24 hours' },
  digestMore: { fr: '… et {count} autre(s)', en: '… and {count} more' },
  digestFooter: {
    fr: 'Vous recevez ce rapport aux heures choisies dans vos préférences de service (portail Assistance).',
    en: 'You get this digest at the hours chosen in your department settings (helpdesk portal).',
  },
  // Mail in's short answer to a mail it did not file (server/inbox/), and why: `{reason}` is one of the refusal* words.
  notFiled: {
    fr: "Votre message « {subject} » n'a pas été enregistré par l'assistance : {reason}.",
    en: 'Your message "{subject}" was not filed by the helpdesk: {reason}.',
  },
  notFiledFooter: { fr: 'Courriel automatique du service Assistance.', en: 'An automatic mail from the helpdesk.' },
  refusalInvalidToken: {
    fr: "cette adresse de réponse n'est pas valide, répondez dans l'ENT",
    en: 'this reply address is not valid, answer in the ENT',
  },
  refusalExpiredToken: {
    fr: "cette adresse de réponse a expiré, répondez dans l'ENT",
    en: 'this reply address has expired, answer in the ENT',
  },
  refusalNotParticipant: { fr: 'vous ne participez pas à ce ticket', en: 'you do not take part in this ticket' },
  refusalNoToken: {
    fr: "répondez par l'adresse de réponse d'une notification, ou dans l'ENT",
    en: 'answer through the reply address of a notification, or in the ENT',
  },
  refusalInvalidSender: { fr: "l'adresse de l'expéditeur n'est pas valide", en: 'the sender address is not valid' },
  refusalEmptyReply: { fr: 'la réponse est vide', en: 'the reply is empty' },
  refusalMayNotComment: { fr: 'vous ne pouvez pas commenter ce ticket', en: 'you may not comment on this ticket' },
  refusalClosed: { fr: "ce ticket est clos, rouvrez-le dans l'ENT", en: 'this ticket is closed, reopen it in the ENT' },
  refusalRateLimited: { fr: 'trop de messages, réessayez plus tard', en: 'too many messages, try again later' },
  refusalNotFiled: { fr: "le courriel n'a pas pu être enregistré", en: 'the mail could not be filed' },
  refusalTooLarge: { fr: 'le courriel dépasse {size} Mio', en: 'the mail is larger than {size} MiB' },
};

/** Every word of the helpdesk, by kind then key: the one catalogue the API, the portlet and mails read. */
export const WORDS = {
  status,
  eventType,
  action,
  priority,
  visibility,
  origin,
  property,
  role,
  alert,
  assignment,
  order,
  direction,
  mail,
} as const;

/** The kinds of words the catalogue holds (Label.kind). */
export type LabelKind = keyof typeof WORDS;
