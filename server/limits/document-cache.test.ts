import { buildSchema, GraphQLError, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { QueryLimitError } from '../errors.js';
import { DocumentCache } from './document-cache.js';
import type { DocumentRules } from './document-rules.js';

const schema = buildSchema('type Query { a: Int } type Subscription { changed(id: ID): Int }');
const SUBSCRIPTION = 'subscription($id: ID) { changed(id: $id) }';
const rules = (given: Partial<DocumentRules> = {}): DocumentRules => ({
  parseOptions: {},
  validationRules: [],
  fieldSuggestions: true,
  ...given,
});

describe('DocumentCache', () => {
  it('should hand every subscription that sent the same text the same document', () => {
    const cache = new DocumentCache(schema, rules());
    const first = cache.check(SUBSCRIPTION);
    expect(first).not.toBeInstanceOf(Array);
    expect(cache.check(SUBSCRIPTION)).toBe(first);
    expect(cache.check(`${SUBSCRIPTION} `)).not.toBe(first);
  });

  it('should answer parse and validation failures with their stable codes, every time', () => {
    const cache = new DocumentCache(schema, rules());
    for (let i = 0; i < 2; i++) {
      expect(cache.check('subscription {')).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
      expect(cache.check('subscription { missing }')).toEqual([
        expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
    }
  });

  it('should apply the rules it was given (the HTTP limits)', () => {
    const noSubscriptions: ValidationRule = (context) => ({
      OperationDefinition(node) {
        context.reportError(new GraphQLError(`refused ${node.operation}`));
      },
    });
    const cache = new DocumentCache(schema, rules({ validationRules: [noSubscriptions] }));
    expect(cache.check(SUBSCRIPTION)).toEqual([expect.objectContaining({ message: 'refused subscription' })]);
  });

  it('should keep parse limits: a document over the token limit is refused', () => {
    const cache = new DocumentCache(schema, rules({ parseOptions: { maxLexicalTokens: 5 } }));
    expect(cache.check(SUBSCRIPTION)).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
  });

  it('should keep the code of a limit a rule reports, as HTTP answers it', () => {
    const limit: ValidationRule = (context) => ({
      OperationDefinition() {
        context.reportError(new QueryLimitError('Depth limit of 1 exceeded'));
      },
    });
    const cache = new DocumentCache(schema, rules({ validationRules: [limit] }));
    expect(cache.check(SUBSCRIPTION)).toEqual([expect.any(QueryLimitError)]);
    expect((cache.check(SUBSCRIPTION) as GraphQLError[])[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('should hide field suggestions when they are off', () => {
    const open = new DocumentCache(schema, rules());
    const closed = new DocumentCache(schema, rules({ fieldSuggestions: false }));
    expect((open.check('subscription { change }') as GraphQLError[])[0].message).toContain('Did you mean "changed"?');
    expect((closed.check('subscription { change }') as GraphQLError[])[0].message).toBe(
      'Cannot query field "change" on type "Subscription".',
    );
  });
});
