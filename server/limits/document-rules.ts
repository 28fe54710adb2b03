import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLError, ParseOptions, ValidationContext, ValidationRule } from 'graphql';
import type { Config } from '../config.js';
import { QueryLimitError } from '../errors.js';

/** How a document is parsed and validated, on HTTP (Apollo's options) and WebSocket (document-cache.ts) alike. */
export interface DocumentRules {
  /** The parser stops at the token limit, so a huge document costs milliseconds. */
  parseOptions: ParseOptions;
  /** graphql-armor's depth, aliases and directives rules, refusing with GRAPHQL_VALIDATION_FAILED. */
  validationRules: readonly ValidationRule[];
  /** Whether validation messages may suggest field names ("Did you mean …"); off in production. */
  fieldSuggestions: boolean;
}

/**
 * The shape limits of a document. Armor's rules report through QueryLimitError instead of throwing,
 * so the answer is a 400 with our code. Armor's own cost rule is off (it sees neither variables nor
 * the fan-out of lists: query-cost.ts counts instead), its token rule too (it throws: 500), and its
 * field-suggestion plugin (Apollo only: hideSuggestions serves both transports).
 */
export function documentRules(config: Pick<Config, 'limits' | 'graphql'>): DocumentRules {
  const { limits } = config;
  const report = (context: ValidationContext | null, error: GraphQLError): void =>
    context?.reportError(new QueryLimitError(error.message.replace(/^Syntax Error: /, '')));
  const rule = { propagateOnRejection: false, onReject: [report] };
  const armor = new ApolloArmor({
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    // Fragments flattened: the depth is the selection's real nesting, however it is written.
    maxDepth: { n: limits.queryDepth, flattenFragments: true, ...rule },
    maxAliases: { n: limits.queryAliases, ...rule },
    maxDirectives: { n: limits.queryDirectives, ...rule },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    parseOptions: { maxLexicalTokens: limits.queryTokens },
    validationRules: armor.validationRules,
    fieldSuggestions: config.graphql.fieldSuggestions,
  };
}

/** A validation message without graphql-js's "Did you mean …" (which lists the schema's fields to a stranger). */
export function hideSuggestions(message: string): string {
  return message.replace(/ ?Did you mean .+\?$/s, '');
}
