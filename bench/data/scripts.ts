/**
 * The lives a generated ticket may have had: each script is the list of its history entries, in
 * order, as the real actions write them (the ticket's status is the last entry's statusAfter).
 * Actor: O owner, M ticket manager, I an invitee (the owner when there is none), N nobody (scheduler).
 * Kind: which sentences the entry's message is drawn from (null: no message).
 */
type Step = [type: string, actor: 'O' | 'M' | 'I' | 'N', kind: string | null, before: string | null, after: string];

const CREATED: Step = ['CREATED', 'O', 'description', null, 'FREE'];
const TAKEN: Step = ['TAKEN', 'M', null, 'FREE', 'IN_PROGRESS'];
const ASK: Step = ['INFORMATION_REQUESTED', 'M', 'question', 'IN_PROGRESS', 'INCOMPLETE'];
const ANSWER: Step = ['INFORMATION_GIVEN', 'O', 'answer', 'INCOMPLETE', 'IN_PROGRESS'];
const REPLY: Step = ['COMMENTED', 'M', 'reply', 'IN_PROGRESS', 'IN_PROGRESS'];
const NOTE: Step = ['COMMENTED', 'M', 'note', 'IN_PROGRESS', 'IN_PROGRESS'];
const CLOSE: Step = ['CLOSURE_REQUESTED', 'M', 'resolution', 'IN_PROGRESS', 'CLOSED'];
const APPROVE: Step = ['CLOSURE_APPROVED', 'O', null, 'CLOSED', 'APPROVED'];

/** Script id → its steps. Ids 1–4 and 12 end open. */
export const SCRIPTS: Record<number, Step[]> = {
  1: [CREATED, TAKEN, REPLY],
  2: [CREATED, ['COMMENTED', 'O', 'ucomment', 'FREE', 'FREE'], ['COMMENTED', 'M', 'note', 'FREE', 'FREE']],
  3: [CREATED, TAKEN, NOTE, ASK],
  4: [CREATED, TAKEN, ASK, ANSWER, ['POSTPONED', 'M', 'reply', 'IN_PROGRESS', 'POSTPONED']],
  5: [CREATED, TAKEN, REPLY, CLOSE, APPROVE],
  6: [
    CREATED,
    TAKEN,
    ASK,
    ANSWER,
    NOTE,
    ['COMMENTED', 'I', 'ucomment', 'IN_PROGRESS', 'IN_PROGRESS'],
    CLOSE,
    ['CLOSURE_REFUSED', 'O', 'dispute', 'CLOSED', 'IN_PROGRESS'],
    CLOSE,
    APPROVE,
  ],
  7: [CREATED, TAKEN, REPLY, CLOSE, ['EXPIRED', 'N', null, 'CLOSED', 'EXPIRED']],
  8: [CREATED, ['COMMENTED', 'O', 'ucomment', 'FREE', 'FREE'], ['CANCELLED', 'O', 'cancel', 'FREE', 'CANCELLED']],
  9: [CREATED, TAKEN, ['REFUSED', 'M', 'refusal', 'IN_PROGRESS', 'REFUSED']],
  10: [CREATED, TAKEN, ASK, ANSWER, ['CLOSED_BY_OWNER', 'O', null, 'IN_PROGRESS', 'APPROVED']],
  11: [CREATED, TAKEN, NOTE, CLOSE],
  12: [CREATED, TAKEN, CLOSE, APPROVE, ['REOPENED', 'O', 'dispute', 'APPROVED', 'IN_PROGRESS'], REPLY],
  13: [
    CREATED,
    TAKEN,
    ['COMMENTED', 'I', 'ucomment', 'IN_PROGRESS', 'IN_PROGRESS'],
    REPLY,
    ASK,
    ANSWER,
    CLOSE,
    ['EXPIRED', 'N', null, 'CLOSED', 'EXPIRED'],
  ],
};

/** Scripts drawn for the most recent tickets (mostly still open) and for older ones (closed, a few forgotten). */
export const RECENT_SCRIPTS = [1, 1, 1, 1, 2, 2, 3, 4, 12, 5, 11];
export const OLD_SCRIPTS = [5, 5, 5, 5, 6, 6, 7, 7, 7, 8, 9, 10, 10, 13, 13];
export const STALE_OPEN_SCRIPTS = [1, 2, 3, 4];

/** Rows of the `bench_script` table: (script, step, type, actor, kind, status_before, status_after). */
export function scriptRows(): (string | number | null)[][] {
  return Object.entries(SCRIPTS).flatMap(([id, steps]) => steps.map((s, i) => [Number(id), i + 1, ...s]));
}
