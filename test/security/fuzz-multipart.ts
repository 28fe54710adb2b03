import fc from 'fast-check';
import { hostileString } from './fuzz-documents.js';

// GraphQL multipart requests as hostile clients write them: parts in any order and number, header
// lines that are broken, too long or missing, file names of any length and content, maps pointing
// anywhere, bodies cut at any byte; under a Content-Type whose boundary may be missing or wrong.

/** One multipart request: its Content-Type and its raw body. */
export interface HostileMultipart {
  contentType: string;
  body: Buffer;
}

const BOUNDARY = 'fuzzB0undary';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** The `operations` part: an upload mutation on `ticketId` (its files as nulls), or any JSON. */
const operations = (ticketId: string): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.nat({ max: 6 }).map((n) =>
        JSON.stringify({
          query: 'mutation($id: ID!, $f: [Upload!]!) { attachFiles(ticketId: $id, files: $f) { attachments { filename size } } }',
          variables: { id: ticketId, f: Array.from({ length: n }, () => null) },
        }),
      ),
    },
    fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 40 }),
  );

/** The `map` part: files mapped to the operation's nulls, or to paths that are not there or are hostile. */
const map: fc.Arbitrary<string> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .nat({ max: 6 })
      .map((n) => JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i), [`variables.f.${i}`]])))),
  },
  fc
    .dictionary(
      fc.constantFrom('0', '1', 'x'),
      fc.array(
        fc.oneof(
          fc.constantFrom(
            'variables.f.0',
            'variables.__proto__.x',
            'constructor.prototype',
            'variables.f.length',
            'variables.f.toString.x',
            '',
            '.',
          ),
          fc.string({ maxLength: 10 }),
        ),
        { maxLength: 3 },
      ),
    )
    .map((m) => JSON.stringify(m)),
  fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

const fileName: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('notes.txt', 'x.png', 'é.pdf', 'a"b.txt', '%00.txt', '', 'rapport final.txt') },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  fc.nat({ max: 20_000 }).map((n) => `${'a'.repeat(n)}.txt`),
  hostileString,
);

const content: fc.Arbitrary<Buffer> = fc.oneof(
  fc.constantFrom(PNG, Buffer.from('bonjour'), Buffer.alloc(0)),
  fc.uint8Array({ maxLength: 3000 }).map((b) => Buffer.from(b)),
  fc.constantFrom(Buffer.from(`\r\n--${BOUNDARY}`), Buffer.from(`--${BOUNDARY}--`)),
  // Larger than the parser's buffers: a file nobody reads would stall the body.
  fc.constant(Buffer.alloc(300_000, 'a')),
);

/** One part: a name (usually one the spec knows), perhaps a file name, extra header lines, a body. */
const part = (ticketId: string): fc.Arbitrary<Buffer> =>
  fc
    .record({
      name: fc.oneof({ weight: 4, arbitrary: fc.constantFrom('operations', 'map', '0', '1', '2') }, hostileString),
      filename: fc.option(fileName),
      headers: fc.array(
        fc.oneof(
          fc.constantFrom('Content-Type: image/png', 'Content-Type: text/plain', 'broken', `X: ${'y'.repeat(17_000)}`),
          fc.string({ maxLength: 30 }),
        ),
        {
          maxLength: 2,
        },
      ),
      body: fc.oneof(
        operations(ticketId).map((s) => Buffer.from(s)),
        map.map((s) => Buffer.from(s)),
        content,
      ),
      disposition: fc.boolean().map((keep) => keep || undefined),
    })
    .map(({ name, filename, headers, body, disposition }) => {
      const lines = disposition
        ? [`Content-Disposition: form-data; name="${name}"${filename === null ? '' : `; filename="${filename}"`}`]
        : [];
      return Buffer.concat([Buffer.from(`--${BOUNDARY}\r\n${[...lines, ...headers].join('\r\n')}\r\n\r\n`), body, Buffer.from('\r\n')]);
    });

// Where the map puts a file: mostly its own place (null), now and then somewhere odd.
const mapPath: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  fc.constantFrom('variables.f.toString.x', 'variables.f', 'variables.f.0', 'variables.id', 'query.x', 'variables.f.99'),
);

// Operations, map and files in the spec's order, the files' names and bytes hostile.
const wellFormed = (ticketId: string): fc.Arbitrary<Buffer[]> =>
  fc.array(fc.tuple(fileName, content, mapPath), { maxLength: 6 }).map((files) => {
    const field = (name: string, value: string): Buffer =>
      Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`);
    const query = 'mutation($id: ID!, $f: [Upload!]!) { attachFiles(ticketId: $id, files: $f) { attachments { filename size } } }';
    return [
      field('operations', JSON.stringify({ query, variables: { id: ticketId, f: files.map(() => null) } })),
      field('map', JSON.stringify(Object.fromEntries(files.map(([, , path], i) => [String(i), [path ?? `variables.f.${i}`]])))),
      ...files.map(([name, bytes], i) =>
        Buffer.concat([
          Buffer.from(
            `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${i}"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n`,
          ),
          bytes,
          Buffer.from('\r\n'),
        ]),
      ),
    ];
  });

/** A well-formed request now and then (operations, map, files), else parts of any kind; ended, or cut at any byte. */
export const hostileMultipart = (ticketId: string): fc.Arbitrary<HostileMultipart> =>
  fc
    .record({
      parts: fc.oneof({ weight: 2, arbitrary: wellFormed(ticketId) }, fc.array(part(ticketId), { maxLength: 5 })),
      ending: fc.oneof({ weight: 6, arbitrary: fc.constant(`--${BOUNDARY}--\r\n`) }, fc.constantFrom('', `--${BOUNDARY}`, 'trailing junk')),
      cut: fc.oneof({ weight: 6, arbitrary: fc.constant(null) }, fc.nat()),
      contentType: fc.oneof(
        { weight: 6, arbitrary: fc.constant(`multipart/form-data; boundary=${BOUNDARY}`) },
        fc.constantFrom(
          `multipart/form-data; boundary=${BOUNDARY}`,
          `multipart/form-data; boundary="${BOUNDARY}"`,
          'multipart/form-data',
          'multipart/form-data; boundary=other',
          `multipart/form-data; boundary=${BOUNDARY}; charset=nonsense`,
        ),
      ),
    })
    .map(({ parts, ending, cut, contentType }) => {
      const whole = Buffer.concat([...parts, Buffer.from(ending)]);
      return { contentType, body: cut === null ? whole : whole.subarray(0, cut % (whole.length + 1)) };
    });
