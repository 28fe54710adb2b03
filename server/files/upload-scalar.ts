import { GraphQLError, GraphQLScalarType } from 'graphql';
import { IncomingFile } from './incoming-file.js';

/** The GraphQL `Upload` scalar (GraphQL multipart request spec): only the intake's files, never a literal or a JSON value. */
export const UploadScalar = new GraphQLScalarType<IncomingFile, never>({
  name: 'Upload',
  description: 'A file sent with the GraphQL multipart request spec (send the `apollo-require-preflight: true` header).',
  parseValue(value) {
    if (value instanceof IncomingFile) return value;
    throw new GraphQLError('Files must be sent as a multipart request (GraphQL multipart request spec)');
  },
  parseLiteral() {
    throw new GraphQLError('Files must be sent as a multipart request (GraphQL multipart request spec)');
  },
  serialize() {
    throw new GraphQLError('Upload is an input type');
  },
});
