import type { ApolloClient, OperationVariables, TypedDocumentNode } from '@apollo/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import { idOf, type QueryInput } from './query.js';

/**
 * A subscription bound to a Lit element while it is in the page: its answers land in the cache (so
 * every view of the ticket follows), and `onData` may do more. graphql-ws reconnects by itself; the
 * client then refetches what it watches, so nothing said during a cut is missed.
 */
export class LiveController<D, V extends OperationVariables> implements ReactiveController {
  private key = '';
  private subscription: Subscription | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly document: TypedDocumentNode<D, V>,
    private readonly input: () => QueryInput<NoInfer<V>>,
    private readonly onData: (data: D, client: ApolloClient) => void = () => undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const input = this.input();
    const key = input ? `${idOf(input.client)}:${JSON.stringify(input.variables)}` : '';
    if (key === this.key) return;
    this.hostDisconnected();
    this.key = key;
    if (!input) return;
    this.subscription = input.client
      .subscribe({ query: this.document, variables: input.variables })
      // An error ends only this subscription (the client was replaced, the ticket is gone): nothing to tell.
      .subscribe({ next: (result) => result.data && this.onData(result.data, input.client), error: () => undefined });
  }

  hostDisconnected(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.key = '';
  }
}
