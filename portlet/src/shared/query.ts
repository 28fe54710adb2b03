import type { ApolloClient, ErrorLike, ObservableQuery, OperationVariables, TypedDocumentNode } from '@apollo/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';

/** What a query needs from its element at each render: the client, the variables, or nothing yet. */
export type QueryInput<V> = { client: ApolloClient; variables: V } | null;

const ids = new WeakMap<object, number>();
let lastId = 0;
/** A number per object (a client), so a key changes when the element is handed another client. */
export const idOf = (o: object): number => ids.get(o) ?? (ids.set(o, ++lastId), lastId);

/**
 * A watched query bound to a Lit element: it follows the cache (so a mutation's answer or a live event
 * re-renders every view of that ticket) and re-subscribes when the client or the variables change.
 * State is pending (`loading`), done (`data`) or failed (`error`).
 */
export class QueryController<D, V extends OperationVariables> implements ReactiveController {
  data: D | undefined;
  error: ErrorLike | undefined;
  loading = false;
  private key = '';
  private observable: ObservableQuery<D, V> | undefined;
  private subscription: Subscription | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly document: TypedDocumentNode<D, V>,
    private readonly input: () => QueryInput<NoInfer<V>>,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const input = this.input();
    const key = input ? `${idOf(input.client)}:${JSON.stringify(input.variables)}` : '';
    if (key === this.key) return;
    this.stop();
    this.key = key;
    this.data = undefined;
    this.error = undefined;
    this.loading = !!input;
    if (!input) return;
    const observable = input.client.watchQuery<D, V>({
      query: this.document,
      variables: input.variables,
      fetchPolicy: 'cache-and-network',
      notifyOnNetworkStatusChange: false,
    });
    this.observable = observable;
    this.subscription = observable.subscribe((result) => {
      if (result.data !== undefined && result.dataState === 'complete') this.data = result.data;
      this.error = result.error;
      this.loading = result.loading;
      this.host.requestUpdate();
    });
  }

  hostDisconnected(): void {
    this.stop();
    this.key = '';
  }

  /** Asks the server again (the "Réessayer" button). */
  refetch(): void {
    this.loading = true;
    this.error = undefined;
    this.host.requestUpdate();
    void this.observable?.refetch().catch(() => undefined);
  }

  /** Loads the next page of a paginated list; the cache's field policy appends it. */
  async fetchMore(variables: Partial<V>): Promise<void> {
    await this.observable?.fetchMore({ variables });
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.observable = undefined;
  }
}
