import { ApolloLink } from '@apollo/client';
import { Observable, print } from '@apollo/client/utilities';

/** What an upload reports while it sends: bytes sent so far and in all (`context.onUploadProgress`). */
export type UploadProgress = (sent: number, total: number) => void;

// The GraphQL multipart request spec: files replaced by null in `operations`, their paths in `map`.
function multipart(operations: { variables: Record<string, unknown> }): FormData | undefined {
  const files: [Blob, string][] = [];
  const strip = (value: unknown, path: string): unknown => {
    if (value instanceof Blob) {
      files.push([value, path]);
      return null;
    }
    if (Array.isArray(value)) return value.map((v, i) => strip(v, `${path}.${i}`));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strip(v, `${path}.${k}`)]));
    return value;
  };
  const variables = strip(operations.variables, 'variables');
  if (!files.length) return undefined;
  const form = new FormData();
  form.append('operations', JSON.stringify({ ...operations, variables }));
  form.append('map', JSON.stringify(Object.fromEntries(files.map(([, path], i) => [i, [path]]))));
  files.forEach(([file], i) => form.append(String(i), file, file instanceof File ? file.name : 'blob'));
  return form;
}

/**
 * The HTTP end of the chain: JSON POSTs, and operations carrying files as multipart requests with the
 * `Apollo-Require-Preflight` header (Apollo Server's CSRF prevention). It goes through XMLHttpRequest,
 * the one browser API that reports upload progress. A GraphQL answer (data or errors, whatever the
 * HTTP status) goes on to Apollo; anything else fails with the HTTP status, or as unreachable.
 * `headers` are asked for at each request.
 */
export function httpLink(uri: string, headers: () => Promise<Record<string, string>>, credentials: boolean): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable((observer) => {
        const xhr = new XMLHttpRequest();
        const operations = { operationName: operation.operationName, query: print(operation.query), variables: operation.variables };
        const form = multipart(operations);
        const onProgress = (operation.getContext() as { onUploadProgress?: UploadProgress }).onUploadProgress;
        let cancelled = false;
        // The headers may need a fetch first (the ENT portal's token, renewed before it expires); it never fails.
        void headers().then((values) => {
          if (cancelled) return;
          xhr.open('POST', uri);
          xhr.withCredentials = credentials;
          for (const [name, value] of Object.entries(values)) xhr.setRequestHeader(name, value);
          if (form) xhr.setRequestHeader('apollo-require-preflight', 'true');
          else xhr.setRequestHeader('content-type', 'application/json');
          if (onProgress) xhr.upload.onprogress = (e) => onProgress(e.loaded, e.total);
          xhr.onload = () => {
            try {
              const result = JSON.parse(xhr.responseText) as ApolloLink.Result;
              if (!('data' in result) && !('errors' in result)) throw new Error();
              observer.next(result);
              observer.complete();
            } catch {
              observer.error(Object.assign(new Error(`HTTP ${xhr.status}`), { statusCode: xhr.status }));
            }
          };
          xhr.onerror = () => observer.error(new TypeError('Network error'));
          xhr.send(form ?? JSON.stringify(operations));
        });
        return () => {
          cancelled = true;
          xhr.abort();
        };
      }),
  );
}
