import {
  GraphQLError,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';

/** Distinct subscription documents kept parsed; a portal's clients send the same few. */
const KEPT = 200;
/** Longer texts are parsed each time (so the cache holds at most KEPT × this many characters of keys). */
const LONGEST_KEPT = 16 * 1024;

/** How subscription documents are parsed and validated (the same limits as over HTTP). */
export interface DocumentRules {
  schema: GraphQLSchema;
  validationRules: readonly ValidationRule[];
  parseOptions?: ParseOptions;
}

/**
 * Subscription documents parsed and validated once per distinct text, and that one document shared
 * by every subscription that sent it: 1,000 clients of the same page hold one syntax tree, not 1,000
 * (parsed with locations, a tree is most of a subscription's memory), and skip parse and validation.
 * Validation depends on the schema and the rules only, never on who sends the document.
 */
export class DocumentCache {
  private readonly kept = new Map<string, DocumentNode>();

  constructor(private readonly rules: DocumentRules) {}

  /** The document, or the errors its parse or validation reported (with their stable codes). */
  check(query: string): DocumentNode | readonly GraphQLError[] {
    const kept = this.kept.get(query);
    if (kept) {
      // Most recently used last: the oldest goes first when full.
      this.kept.delete(query);
      this.kept.set(query, kept);
      return kept;
    }
    const checked = this.parseAndValidate(query);
    // Refused documents are not kept: each one is checked (and reported) afresh.
    if (!Array.isArray(checked) && query.length <= LONGEST_KEPT) {
      if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
      this.kept.set(query, checked as DocumentNode);
    }
    return checked;
  }

  private parseAndValidate(query: string): DocumentNode | readonly GraphQLError[] {
    const { schema, validationRules, parseOptions } = this.rules;
    let document: DocumentNode;
    try {
      document = parse(query, parseOptions);
    } catch (error) {
      return [
        new GraphQLError(error instanceof GraphQLError ? error.message : 'Syntax error', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } }),
      ];
    }
    const invalid = validate(schema, document, [...specifiedRules, ...validationRules]);
    if (invalid.length > 0) return invalid.map((e) => new GraphQLError(e.message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }));
    return document;
  }
}
