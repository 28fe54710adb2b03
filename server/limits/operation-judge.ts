import {
  Kind,
  OperationTypeNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type TypeNode,
} from 'graphql';
import type { Config } from '../config.js';
import { QueryLimitError, type AppError } from '../errors.js';
import { nulRefusal } from './root-arguments.js';
import { DocumentCache } from './document-cache.js';
import { documentRules, type DocumentRules } from './document-rules.js';
import type { CatalogueSizesSource, ConfiguredSize, ListSize } from './list-bounds.js';
import { operationCost, rootFieldCount } from './query-cost.js';

/** Costs kept per document: one per operation, page size and catalogue version it was judged with. */
const COSTS_PER_DOCUMENT = 16;
/** Changes one history entry can carry besides its files: ten properties, the invitees twice (changeOwner). */
const CHANGES_BESIDES_FILES = 11;

/** What the judge is built from. */
export interface JudgeParts {
  config: Pick<Config, 'limits' | 'graphql' | 'files'>;
  schema: GraphQLSchema;
  /** The catalogue's sizes, which bound its lists (catalogue/catalogue-sizes.ts). */
  catalogue: CatalogueSizesSource;
}

/**
 * One judgement of GraphQL documents for both transports, so a document refused over HTTP is refused
 * over WebSocket with the same code: size, tokens, depth, aliases and directives when the document is
 * parsed and validated (Apollo's options on HTTP, `check` on WebSocket); then, once the operation and
 * its variables are known (`refusal`), the number of mutation fields, the cost (query-cost.ts) and
 * NUL characters. Each is judged once per distinct document text: parsing and validation are cached
 * by text, and a cost is kept on the parsed document itself, which both caches hand out again.
 */
export class OperationJudge {
  /** The parse and validation rules, for Apollo (HTTP). */
  readonly rules: DocumentRules;
  private readonly documents: DocumentCache;
  private readonly costs = new WeakMap<DocumentNode, Map<string, number>>();
  private readonly configured: Readonly<Record<ConfiguredSize, number>>;
  private computed = 0;

  constructor(private readonly parts: JudgeParts) {
    this.rules = documentRules(parts.config);
    this.documents = new DocumentCache(parts.schema, this.rules);
    const files = parts.config.files.perRequest;
    this.configured = { filesPerEntry: files, changesPerEntry: files + CHANGES_BESIDES_FILES };
  }

  /** Costs computed so far: each distinct document once (and again only for other pages or catalogue sizes). */
  get costsComputed(): number {
    return this.computed;
  }

  /** The size refusal of a document's text, before anything reads it. */
  sizeRefusal(query: unknown): QueryLimitError | undefined {
    const max = this.parts.config.limits.queryBytes;
    return typeof query === 'string' && (query.length > max || Buffer.byteLength(query) > max)
      ? new QueryLimitError(`The query document is larger than ${max} bytes`)
      : undefined;
  }

  /** A document parsed and validated (cached by text), or the errors that refuse it; the WebSocket path. */
  check(query: string): DocumentNode | readonly GraphQLError[] {
    const tooLarge = this.sizeRefusal(query);
    return tooLarge ? [tooLarge] : this.documents.check(query);
  }

  /** Why this operation of a valid document may not run (mutation fields, cost, NUL), or undefined. */
  async refusal(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Readonly<Record<string, unknown>> | null | undefined,
  ): Promise<AppError | undefined> {
    const { limits } = this.parts.config;
    const fragments = fragmentsOf(document);
    const mutations = this.writes(document, operation, fragments);
    if (mutations > limits.mutationsPerRequest) {
      return new QueryLimitError(`At most ${limits.mutationsPerRequest} mutation field(s) per request; this one has ${mutations}`);
    }
    const cost = await this.cost(document, operation, fragments, variables ?? undefined);
    if (cost > limits.queryCost) {
      return new QueryLimitError(
        `Query cost limit of ${limits.queryCost} exceeded (estimated ${cost} or more); ask for smaller pages or fewer nested lists`,
      );
    }
    return nulRefusal(document, operation, variables);
  }

  /** How many mutation fields an operation holds (fragments followed, __typename aside): its number of writes. */
  writes(document: DocumentNode, operation: OperationDefinitionNode, fragments = fragmentsOf(document)): number {
    return operation.operation === OperationTypeNode.MUTATION ? rootFieldCount(operation, fragments) : 0;
  }

  private async cost(
    document: DocumentNode,
    operation: OperationDefinitionNode,
    fragments: ReadonlyMap<string, FragmentDefinitionNode>,
    variables: Readonly<Record<string, unknown>> | undefined,
  ): Promise<number> {
    const catalogue = await this.parts.catalogue.read();
    // Only Int variables can change a cost (they size pages): the key holds their numbers, nothing else
    // (anything else counts as the argument's default, and a client's long value never becomes a key).
    const pages = (operation.variableDefinitions ?? [])
      .filter((v) => isInt(v.type))
      .map((v) => {
        const value = variables?.[v.variable.name.value];
        return typeof value === 'number' ? String(value) : '-';
      });
    const key = `${operation.name?.value ?? ''} ${catalogue.version} ${pages.join(',')}`;
    let kept = this.costs.get(document);
    const known = kept?.get(key);
    if (known !== undefined) return known;
    this.computed++;
    const sizes: Record<ListSize, number> = { ...catalogue.sizes, ...this.configured };
    const limit = this.parts.config.limits.queryCost;
    const cost = operationCost({ schema: this.parts.schema, operation, fragments, variables, sizes, limit });
    if (!kept || kept.size >= COSTS_PER_DOCUMENT) this.costs.set(document, (kept = new Map<string, number>()));
    kept.set(key, cost);
    return cost;
  }
}

function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

function isInt(type: TypeNode): boolean {
  const named = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  return named.kind === Kind.NAMED_TYPE && named.name.value === 'Int';
}
