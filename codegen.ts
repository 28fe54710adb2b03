import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the portlet, from the committed schema (CI fails when they drift). */
const config: CodegenConfig = {
  schema: 'schema.graphql',
  // operations/ticket-actions.graphql is written by `npm run schema` from the action declarations.
  documents: ['portlet/src/graphql/operations/**/*.graphql'],
  generates: {
    'portlet/src/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, scalars: { DateTime: 'string', Upload: 'File' } },
    },
  },
  ignoreNoDocuments: false,
  // NodeNext ESM: relative imports carry their .js extension.
  importExtension: '.js',
};

export default config;
