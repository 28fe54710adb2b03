import { buildSchema, GraphQLError, type ValidationRule } from 'graphql';
import { describe, expect, it } from 'vitest';
import { DocumentCache } from './documents.js';

const schema = buildSchema('type Query { a: Int } type Subscription { changed(id: ID): Int }');
const SUBSCRIPTION = 'subscription($id: ID) { changed(id: $id) }';

describe('DocumentCache', () => {
  it('hands every subscription that sent the same text the same document', () => {
    const cache = new DocumentCache({ schema, validationRules: [] });
    const first = cache.check(SUBSCRIPTION);
    expect(first).not.toBeInstanceOf(Array);
    expect(cache.check(SUBSCRIPTION)).toBe(first);
    expect(cache.check(`${SUBSCRIPTION} `)).not.toBe(first);
  });

  it('answers parse and validation failures with their stable codes, every time', () => {
    const cache = new DocumentCache({ schema, validationRules: [] });
    for (let i = 0; i < 2; i++) {
      expect(cache.check('subscription {')).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
      expect(cache.check('subscription { missing }')).toEqual([
        expect.objectContaining({ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ]);
    }
  });

  it('applies the rules it was given (the HTTP limits)', () => {
    const noSubscriptions: ValidationRule = (context) => ({
      OperationDefinition(node) {
        context.reportError(new GraphQLError(`refused ${node.operation}`));
      },
    });
    const cache = new DocumentCache({ schema, validationRules: [noSubscriptions] });
    expect(cache.check(SUBSCRIPTION)).toEqual([expect.objectContaining({ message: 'refused subscription' })]);
  });

  it('keeps parse limits: a document over the token limit is refused', () => {
    const cache = new DocumentCache({ schema, validationRules: [], parseOptions: { maxLexicalTokens: 5 } });
    expect(cache.check(SUBSCRIPTION)).toEqual([expect.objectContaining({ extensions: { code: 'GRAPHQL_PARSE_FAILED' } })]);
  });
});
