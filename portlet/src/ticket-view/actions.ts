import type { ApolloClient, TypedDocumentNode } from '@apollo/client';
import * as ops from '../graphql/generated/graphql.js';
import type { EntryVisibility, TicketAction, UpdateTicketInput } from '../graphql/generated/graphql.js';

/** What a person fills in before an action runs. */
export type Form =
  | 'none' // runs at once (Prendre en charge, Libérer, Rappeler, Surveiller…)
  | 'message' // a message that may stay empty, the choice confirmed (Approuver, Clôturer)
  | 'required' // a message that must be written (Refuser clôture and its justification, Demander un complément…)
  | 'confirm' // "are you sure?" and a message that may stay empty (Annuler)
  | 'until' // a recall date (Reporter)
  | 'category' // another category (Déplacer)
  | 'properties' // subject, priority, visibility (Modifier les propriétés)
  | 'user' // someone, by search, uid or email (Inviter un utilisateur, Changer de propriétaire)
  | 'manager'; // a member of the ticket's department (Affecter)

/** Which line of the ticket's header carries the action in its own small ACTIONS menu. */
export type Line = 'status' | 'category' | 'owner' | 'manager' | 'ticket';

/** What a form gathered. */
export interface FormValues {
  message?: string | undefined;
  visibility?: EntryVisibility | undefined;
  until?: string | undefined;
  categoryId?: string | undefined;
  input?: UpdateTicketInput | undefined;
  user?: string | undefined;
  managerId?: string | undefined;
}

/** One action the portlet knows how to run. */
export interface ActionSpec {
  form: Form;
  line: Line;
  run(client: ApolloClient, ticketId: string, values: FormValues): Promise<unknown>;
}

const mutate =
  <V>(document: TypedDocumentNode<unknown, V>, variables: (ticketId: string, v: FormValues) => V) =>
  (client: ApolloClient, ticketId: string, values: FormValues) =>
    client.mutate({ mutation: document, variables: variables(ticketId, values) } as ApolloClient.MutateOptions<unknown, V & object>);

const id = (ticketId: string) => ({ ticketId });
const text = (ticketId: string, v: FormValues) => ({ ticketId, message: v.message ?? '' });
const maybe = (ticketId: string, v: FormValues) => ({ ticketId, message: v.message || null });

/**
 * The actions the ACTIONS menus offer, by the API's name. A ticket lists the ones its viewer may do now
 * (`allowedActions`); the menus show those the portlet knows, never one the server did not allow.
 */
export const ACTIONS: Partial<Record<TicketAction, ActionSpec>> = {
  TAKE: { form: 'none', line: 'manager', run: mutate(ops.TakeTicketDocument, id) },
  FREE: { form: 'none', line: 'manager', run: mutate(ops.FreeTicketDocument, id) },
  ASSIGN: {
    form: 'manager',
    line: 'manager',
    run: mutate(ops.AssignTicketDocument, (ticketId, v) => ({ ticketId, managerId: v.managerId! })),
  },
  CHANGE_OWNER: { form: 'user', line: 'owner', run: mutate(ops.ChangeOwnerDocument, (ticketId, v) => ({ ticketId, user: v.user! })) },
  ADD_COMMENT: {
    form: 'required',
    line: 'ticket',
    run: mutate(ops.AddCommentDocument, (ticketId, v) => ({ ...text(ticketId, v), visibility: v.visibility ?? null })),
  },
  REQUEST_INFORMATION: { form: 'required', line: 'status', run: mutate(ops.RequestInformationDocument, text) },
  POSTPONE: {
    form: 'until',
    line: 'status',
    run: mutate(ops.PostponeTicketDocument, (ticketId, v) => ({ ...maybe(ticketId, v), until: new Date(v.until!).toISOString() })),
  },
  RECALL: { form: 'none', line: 'status', run: mutate(ops.RecallTicketDocument, id) },
  REQUEST_CLOSURE: { form: 'required', line: 'status', run: mutate(ops.RequestClosureDocument, text) },
  CLOSE: { form: 'message', line: 'status', run: mutate(ops.CloseTicketDocument, maybe) },
  APPROVE_CLOSURE: { form: 'message', line: 'status', run: mutate(ops.ApproveClosureDocument, maybe) },
  REFUSE_CLOSURE: { form: 'required', line: 'status', run: mutate(ops.RefuseClosureDocument, text) },
  CANCEL: { form: 'confirm', line: 'status', run: mutate(ops.CancelTicketDocument, maybe) },
  REFUSE: { form: 'required', line: 'status', run: mutate(ops.RefuseTicketDocument, text) },
  REOPEN: { form: 'required', line: 'status', run: mutate(ops.ReopenTicketDocument, text) },
  MOVE: {
    form: 'category',
    line: 'category',
    run: mutate(ops.MoveTicketDocument, (ticketId, v) => ({ ...maybe(ticketId, v), categoryId: v.categoryId! })),
  },
  WATCH: { form: 'none', line: 'ticket', run: mutate(ops.WatchTicketDocument, id) },
  UNWATCH: { form: 'none', line: 'ticket', run: mutate(ops.UnwatchTicketDocument, id) },
  INVITE: { form: 'user', line: 'ticket', run: mutate(ops.InviteUserDocument, (ticketId, v) => ({ ticketId, user: v.user! })) },
  UPDATE: {
    form: 'properties',
    line: 'ticket',
    run: mutate(ops.UpdateTicketDocument, (ticketId, v) => ({ ticketId, input: v.input ?? {} })),
  },
};

/** The `action` of a mail's deep link (`?ticket=N&action=…`) and the action it opens. */
export const DEEP_LINK_ACTIONS: Partial<Record<string, TicketAction>> = {
  approve: 'APPROVE_CLOSURE',
  refuse: 'REFUSE_CLOSURE',
  answer: 'ADD_COMMENT',
};
