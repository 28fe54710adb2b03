import type { ApolloClient } from '@apollo/client';
import type { EntryVisibility, TicketAction, UpdateTicketInput } from '../graphql/generated/graphql.js';
import { TICKET_ACTIONS, type TicketActionForm } from '../graphql/generated/ticket-actions.js';

/** Which line of the ticket's header carries the action in its own small ACTIONS menu. */
export type Line = 'status' | 'category' | 'owner' | 'manager' | 'ticket';

/** What a form gathered, under the names of the mutation's arguments. */
export interface FormValues {
  message?: string | undefined;
  silent?: boolean | undefined;
  visibility?: EntryVisibility | undefined;
  /** An ISO instant. */
  until?: string | undefined;
  categoryId?: string | undefined;
  input?: UpdateTicketInput | undefined;
  user?: string | undefined;
  managerId?: string | undefined;
  attachments?: File[] | undefined;
}

/** An action the ACTIONS menus offer: what its form asks (generated from its declaration), and its line. */
export interface MenuAction extends TicketActionForm {
  line: Line;
}

// Each action's line when not the status line's; null: no menu (removing an invitation has its button in "Invités").
const LINES: Partial<Record<TicketAction, Line | null>> = {
  TAKE: 'manager',
  FREE: 'manager',
  ASSIGN: 'manager',
  CHANGE_OWNER: 'owner',
  MOVE: 'category',
  ADD_COMMENT: 'ticket',
  WATCH: 'ticket',
  UNWATCH: 'ticket',
  INVITE: 'ticket',
  UPDATE: 'ticket',
  REMOVE_INVITATION: null,
};

/**
 * The action as the menus offer it, from the table generated from the server's declarations
 * (`TICKET_ACTIONS`: its mutation and arguments, each required or not). A ticket lists the ones its
 * viewer may do now (`allowedActions`); the menus never show one the server did not allow.
 */
export function menuAction(action: TicketAction): MenuAction | undefined {
  const form = TICKET_ACTIONS[action];
  const line = LINES[action] === undefined ? 'status' : LINES[action];
  return form && line ? { ...form, line } : undefined;
}

/** Whether the action runs at once: it has nothing a form would ask (acting silently alone opens no form). */
export const runsAtOnce = ({ args }: TicketActionForm): boolean => Object.keys(args).every((name) => name === 'silent');

/** Sends the action's mutation with what its form gathered, each value under its argument's name. */
export function runAction(
  client: ApolloClient,
  { document, args }: TicketActionForm,
  ticketId: string,
  values: FormValues,
): Promise<unknown> {
  const variables = Object.fromEntries(Object.keys(args).map((name) => [name, values[name as keyof FormValues]]));
  return client.mutate({ mutation: document, variables: { ...variables, ticketId } });
}

/** The `action` of a mail's deep link (`?ticket=N&action=…`) and the action it opens. */
export const DEEP_LINK_ACTIONS: Partial<Record<string, TicketAction>> = {
  approve: 'APPROVE_CLOSURE',
  refuse: 'REFUSE_CLOSURE',
  answer: 'ADD_COMMENT',
};
