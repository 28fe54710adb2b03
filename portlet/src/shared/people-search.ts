import type { ApolloClient } from '@apollo/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { UsersDocument, type UsersQuery } from '../graphql/generated/graphql.js';

/**
 * The people search of a login field (invite, assign, members, the queue's owner filter): asked a
 * quarter of a second after the last key, from 2 characters; `people` redraws the host's datalist.
 */
export class PeopleSearch implements ReactiveController {
  people: UsersQuery['users'] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly client: () => ApolloClient,
  ) {
    host.addController(this);
  }

  /** The field's `input` handler (bound: hand it to lit as it is). */
  readonly search = (e: Event): void => {
    const text = (e.target as HTMLInputElement).value.trim();
    clearTimeout(this.timer);
    if (text.length < 2) return;
    this.timer = setTimeout(() => {
      this.client()
        .query({ query: UsersDocument, variables: { search: text } })
        .then(({ data }) => {
          this.people = data?.users ?? [];
          this.host.requestUpdate();
        })
        .catch(() => undefined);
    }, 250);
  };

  hostDisconnected(): void {
    clearTimeout(this.timer);
  }
}
