import { GraphQLError, parse, specifiedRules, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { AppError } from '../errors.js';
import { hideSuggestions, type DocumentRules } from './document-rules.js';

/** Distinct documents kept parsed; a portal's clients send the same few. */
const KEPT = 200;
/** Longer texts are parsed each time (so the cache holds at most KEPT × this many characters of keys). */
const LONGEST_KEPT = 16 * 1024;

/**
 * Documents parsed and validated once per distinct text, and that one document shared by every
 * operation that sent it: 1,000 subscribers of the same page hold one syntax tree, not 1,000 (parsed
 * with locations, a tree is most of a subscription's memory), and skip parse and validation — and,
 * the tree being the same object, the judgement of its cost (operation-judge.ts). Validation depends
 * on the schema and the rules only, never on who sends the document. (Apollo keeps its own store of
 * validated documents for HTTP, with the same rules.)
 */
export class DocumentCache {
  private readonly kept = new Map<string, DocumentNode>();
  private readonly rules: readonly ValidationRule[];

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: DocumentRules,
  ) {
    this.rules = [...specifiedRules, ...options.validationRules];
  }

  /** The document, or the errors its parse or validation reported, coded as the HTTP path codes them. */
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
    let document: DocumentNode;
    try {
      document = parse(query, this.options.parseOptions);
    } catch (error) {
      // The formatter (errors.ts) words the token limit as HTTP does, from this message.
      const message = error instanceof GraphQLError ? error.message : 'Syntax error';
      return [new GraphQLError(message, { extensions: { code: 'GRAPHQL_PARSE_FAILED' } })];
    }
    const invalid = validate(this.schema, document, this.rules);
    if (invalid.length === 0) return document;
    // A limit (QueryLimitError) keeps its own code; graphql-js's own findings are coded as Apollo codes them.
    return invalid.map((e) =>
      e instanceof AppError
        ? e
        : new GraphQLError(this.options.fieldSuggestions ? e.message : hideSuggestions(e.message), {
            extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
          }),
    );
  }
}
