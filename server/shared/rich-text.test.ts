import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { configureRichText, optionalRichText, plainText, requireLine, requireRichText, sanitizeRichText } from './rich-text.js';

const PUBLIC_URL = 'https://assistance.univ.example.fr';
beforeAll(() => configureRichText({ publicUrl: PUBLIC_URL }));

/** The BAD_USER_INPUT thrown by `fn`, with its field (fails the test when nothing is thrown). */
function badInput(fn: () => unknown): { code: unknown; field: unknown; message: string } {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    const e = error as AppError;
    return { code: e.extensions.code, field: e.extensions.field, message: e.message };
  }
  throw new Error('expected a BAD_USER_INPUT error');
}

describe('sanitizeRichText', () => {
  it.each([
    ['<p>a</p>', '<p>a</p>'],
    ['<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u>', '<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u>'],
    ['<ul><li>1</li></ul><ol><li>2</li></ol>', '<ul><li>1</li></ul><ol><li>2</li></ol>'],
    ['<blockquote>q</blockquote><pre><code>c</code></pre>', '<blockquote>q</blockquote><pre><code>c</code></pre>'],
    ['a<br>b', 'a<br />b'],
  ])('should keep the allowed markup of %s', (input, output) => {
    expect(sanitizeRichText(input)).toBe(output);
  });

  it.each([
    ['<script>', '<p>a</p><script>alert(1)</script>', '<p>a</p>'],
    ['<style>', '<style>p{color:red}</style><p>a</p>', '<p>a</p>'],
    ['<iframe>', '<iframe src="https://evil.example"></iframe><p>a</p>', '<p>a</p>'],
    ['<object>/<embed>', '<object data="x.swf"></object><embed src="x.swf"><p>a</p>', '<p>a</p>'],
    ['<svg>', '<svg onload="alert(1)"><circle /></svg><p>a</p>', '<p>a</p>'],
    ['<img onerror>', '<p>a<img src=x onerror="alert(1)"></p>', '<p>a</p>'],
    ['an onclick handler', '<p onclick="alert(1)">a</p>', '<p>a</p>'],
    ['a style attribute', '<p style="color:red">a</p>', '<p>a</p>'],
    ['a class and id', '<p class="x" id="y">a</p>', '<p>a</p>'],
    // The form folds into a neutral block (it separated what was around it); the field goes.
    ['<form>/<input>', '<form action="https://evil.example"><input name="pw"></form><p>a</p>', '<div></div><p>a</p>'],
    ['an unknown inline tag, keeping its text', '<p><span>a</span><font color="red">b</font></p>', '<p>ab</p>'],
  ])('should remove %s', (_label, input, output) => {
    expect(sanitizeRichText(input)).toBe(output);
  });

  it.each([
    ['javascript:', '<a href="javascript:alert(1)">x</a>'],
    ['JaVaScRiPt: with entities', '<a href="&#106;avascript:alert(1)">x</a>'],
    ['javascript: with spaces', '<a href=" javascript:alert(1)">x</a>'],
    ['data:', '<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>'],
    ['vbscript:', '<a href="vbscript:msgbox(1)">x</a>'],
    ['protocol-relative', '<a href="//evil.example/x">x</a>'],
    ['javascript: with a tab inside', '<a href="java\tscript:alert(1)">x</a>'],
    ['file:', '<a href="file:///etc/passwd">x</a>'],
    ['relative', '<a href="/auth/dev/token">x</a>'],
    ['no href at all', '<a name="x" onclick="alert(1)">x</a>'],
  ])('should drop a %s link but keep its text', (_label, input) => {
    expect(sanitizeRichText(`<p>voir ${input} ici</p>`)).toBe('<p>voir x ici</p>');
  });

  it.each([
    ['https', 'https://univ.example.fr/aide?x=1&amp;y=2'],
    ['http', 'http://univ.example.fr/'],
  ])('should keep a %s link, opened in a new tab without the opener', (_label, href) => {
    expect(sanitizeRichText(`<a href="${href}" onclick="x()" rel="opener" target="_self">lien</a>`)).toBe(
      `<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">lien</a>`,
    );
  });

  it('should keep a mailto link without a target (a mail client opens, not an empty tab)', () => {
    expect(sanitizeRichText('<a href="mailto:support@univ.example.fr" target="_top">écrire</a>')).toBe(
      '<a href="mailto:support@univ.example.fr" rel="noopener noreferrer nofollow">écrire</a>',
    );
  });

  it('should write a link target as the browser reads it', () => {
    expect(sanitizeRichText('<a href=" HTTPS://Univ.Example.fr/a b ">x</a>')).toBe(
      '<a href="https://univ.example.fr/a%20b" rel="noopener noreferrer nofollow" target="_blank">x</a>',
    );
  });

  it.each([
    ['headings', '<h1>T</h1><h2>U</h2><h6>V</h6>'],
    [
      'a table with spans',
      '<table><caption>c</caption><thead><tr><th colspan="2">h</th></tr></thead><tbody><tr><td rowspan="2">a</td><td>b</td></tr></tbody></table>',
    ],
    ['nested lists', '<ul><li>a<ol><li>b</li></ol></li></ul>'],
    ['code inside a paragraph', '<p>lancer <code>ls -l</code></p>'],
    ['a quote holding paragraphs', '<blockquote><p>a</p><p>b</p></blockquote>'],
    ['plain div lines (what editors write)', '<div>ligne 1</div><div>ligne 2</div>'],
  ])('should keep %s as it is', (_label, html) => {
    expect(sanitizeRichText(html)).toBe(html);
  });

  it('should drop table attributes other than small colspan/rowspan numbers', () => {
    expect(
      sanitizeRichText(
        '<table border="1" style="x"><tr><td colspan="0" rowspan="3" width="9" onclick="x">a</td><th colspan="1e3" scope="col">b</th></tr></table>',
      ),
    ).toBe('<table><tr><td rowspan="3">a</td><th>b</th></tr></table>');
  });

  it('should keep no attribute on headings, lists, quotes or code', () => {
    expect(sanitizeRichText('<h2 id="x" class="y" style="z">t</h2><ul type="x"><li value="3">a</li></ul><pre class="lang">c</pre>')).toBe(
      '<h2>t</h2><ul><li>a</li></ul><pre>c</pre>',
    );
  });

  it('should escape text that looks like markup once decoded', () => {
    expect(sanitizeRichText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('should trim surrounding whitespace', () => {
    expect(sanitizeRichText('  <p>a</p>\n')).toBe('<p>a</p>');
  });

  it('should drop NUL characters (PostgreSQL text refuses them)', () => {
    expect(sanitizeRichText('<p>a\u0000b</p>')).toBe('<p>ab</p>');
  });
});

describe('images', () => {
  it.each([
    ['an absolute URL of our files', `${PUBLIC_URL}/files/abc-123_X`],
    ['a relative /files/ URL', '/files/abc-123_X'],
    ['our URL in another case', 'HTTPS://ASSISTANCE.univ.example.fr/files/abc-123_X'],
  ])('should keep %s, written absolute', (_label, src) => {
    expect(sanitizeRichText(`<p><img src="${src}" alt="capture" width="9" onerror="x()"></p>`)).toBe(
      `<p><img src="${PUBLIC_URL}/files/abc-123_X" alt="capture" /></p>`,
    );
  });

  it.each([
    ['another host', 'https://evil.example/files/abc'],
    ['a host that only starts like ours', 'https://assistance.univ.example.fr.evil.example/files/abc'],
    ['another port', 'https://assistance.univ.example.fr:8443/files/abc'],
    ['plain http for our https', 'http://assistance.univ.example.fr/files/abc'],
    ['credentials in the URL', 'https://user:pw@assistance.univ.example.fr/files/abc'],
    ['another path of ours', `${PUBLIC_URL}/auth/dev/token`],
    ['a path escaping /files/', `${PUBLIC_URL}/files/../graphql`],
    ['an encoded escape', `${PUBLIC_URL}/files/%2e%2e/graphql`],
    ['a query string', `${PUBLIC_URL}/files/abc?download=1`],
    ['a sub-path', '/files/abc/def'],
    ['a relative path elsewhere', '/graphql'],
    ['a protocol-relative URL', '//assistance.univ.example.fr/files/abc'],
    ['a data: URL', 'data:image/png;base64,iVBORw0KGgo='],
    ['a javascript: URL', 'javascript:alert(1)'],
    ['no source at all', ''],
  ])('should remove an image from %s', (_label, src) => {
    expect(sanitizeRichText(`<p>avant<img src="${src}">après</p>`)).toBe('<p>avant après</p>');
  });

  it('should not take srcset, whatever it points to', () => {
    expect(sanitizeRichText(`<img src="/files/a" srcset="https://evil.example/x.png 2x">`)).toBe(`<img src="${PUBLIC_URL}/files/a" />`);
  });

  it('should accept a message that is only one of our images, and refuse one that is only a foreign image', () => {
    expect(requireRichText('message', '<p><img src="/files/capture1"></p>', 100)).toBe(`<p><img src="${PUBLIC_URL}/files/capture1" /></p>`);
    expect(badInput(() => requireRichText('message', '<p><img src="https://evil.example/x.png"></p>', 100))).toMatchObject({
      field: 'message',
    });
  });
});

describe('removed content is never glued to its neighbours', () => {
  it.each([
    ['two divs', '<div>a</div><div>b</div>', '<div>a</div><div>b</div>'],
    ['sections, articles, headers', '<header>a</header><section>b</section><article>c</article>', '<div>a</div><div>b</div><div>c</div>'],
    ['a definition list', '<dl><dt>clé</dt><dd>valeur</dd></dl>', '<div><div>clé</div><div>valeur</div></div>'],
    ['a form around fields', '<form>nom<input name="n">prénom<select><option>x</option></select>fin</form>', '<div>nom prénom fin</div>'],
    ['a horizontal rule', 'avant<hr>après', 'avant<br />après'],
    ['a foreign image between words', 'voir<img src="https://evil.example/x.png">ici', 'voir ici'],
    ['an svg holding a paragraph', 'a<svg><p>x</p></svg>b', 'a b'],
    ['an iframe with fallback markup', 'a<iframe src="https://evil.example"><p>x</p>y</iframe>b', 'a b'],
    ['a video', 'a<video src="x.mp4">texte de repli</video>b', 'a b'],
    ['a textarea', 'a<textarea>secret</textarea>b', 'a b'],
    ['an object', 'a<object data="x.swf"><param name="x" value="y">repli</object>b', 'a b'],
  ])('should keep %s apart', (_label, input, output) => {
    expect(sanitizeRichText(input)).toBe(output);
  });

  it.each([
    ['a span', 'con<span>tinu</span>er', 'continuer'],
    ['a script (never shown)', 'a<script>x</script>b', 'ab'],
    ['a style', 'a<style>p{}</style>b', 'ab'],
  ])('should not add a space where %s was inline', (_label, input, output) => {
    expect(sanitizeRichText(input)).toBe(output);
  });

  it.each([
    ['a refused link', '<a href="javascript:x()">lien</a><p>suite</p><div>fin</div>', 'lien<p>suite</p><div>fin</div>'],
    ['a refused image', '<img src="https://evil.example/x.png"><p>suite</p><div>fin</div>', '<p>suite</p><div>fin</div>'],
    ['an unknown element', '<x-widget>a</x-widget><p>suite</p><ul><li>fin</li></ul>', 'a<p>suite</p><ul><li>fin</li></ul>'],
    ['a folded block', '<section>a</section><p>suite</p><ul><li>fin</li></ul>', '<div>a</div><p>suite</p><ul><li>fin</li></ul>'],
  ])('should close the elements after %s with their own names', (_label, input, output) => {
    expect(sanitizeRichText(input)).toBe(output);
  });

  it('should not add a space at the start of a block', () => {
    expect(sanitizeRichText('<p><img src="https://evil.example/x.png">texte</p>')).toBe('<p>texte</p>');
  });
});

describe('known attack payloads', () => {
  const PAYLOADS = [
    '<img src=x onerror=alert(1)>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<textarea></textarea/><img src=x onerror=alert(1)>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<base href="https://evil.example/"><a href="https://univ.example.fr/">x</a>',
    '<meta http-equiv="refresh" content="0;url=https://evil.example">',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<details open ontoggle=alert(1)>x</details>',
    '<a href="https://univ.example.fr/" target="_top" ping="https://evil.example">x</a>',
    '<img src="/files/abc" onload="alert(1)" style="x">',
    '<<script>script>alert(1)<</script>/script>',
    '<!--<img src=x onerror=alert(1)>-->',
    '<img src="/files/abc"/onerror=alert(1)>',
  ];

  it.each(PAYLOADS)('should leave nothing active in %s', (payload) => {
    const clean = sanitizeRichText(payload);
    expect(clean).not.toMatch(/<(script|style|svg|math|iframe|base|meta|form|button|textarea|noscript)\b/i);
    expect(clean).not.toMatch(/\son\w+\s*=|javascript:|srcdoc|formaction|ping=|style=|background=/i);
    expect(clean).not.toMatch(/evil\.example/);
    // What we store is already clean: cleaning it again changes nothing.
    expect(sanitizeRichText(clean)).toBe(clean);
  });
});

describe('plainText', () => {
  it('should give the visible text with whitespace collapsed', () => {
    expect(plainText('<p>Bonjour</p>\n<p>  le&nbsp;monde </p>')).toBe('Bonjour le monde');
  });

  it.each([
    ['paragraphs', '<p>a</p><p>b</p>'],
    ['divs', '<div>a</div><div>b</div>'],
    ['a line break', 'a<br />b'],
    ['list items', '<ul><li>a</li><li>b</li></ul>'],
    ['table cells', '<table><tr><td>a</td><td>b</td></tr></table>'],
    ['a heading and its text', '<h2>a</h2>b'],
  ])('should keep the words of %s apart', (_label, html) => {
    expect(plainText(html)).toBe('a b');
  });

  it('should give text, not HTML: entities decoded', () => {
    expect(plainText('<p>a &lt;b&gt; &amp; &quot;c&quot;</p>')).toBe('a <b> & "c"');
  });
});

describe('requireRichText', () => {
  it('should return the cleaned HTML', () => {
    expect(requireRichText('message', '<p onclick="x">Bonjour <script>x</script></p>', 100)).toBe('<p>Bonjour </p>');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['whitespace', ' \n\t '],
    ['an empty paragraph', '<p> </p>'],
    ['non-breaking spaces', '<p>&nbsp;&nbsp;</p><br>'],
    ['only a script', '<script>alert(1)</script>'],
    ['only an image', '<img src="https://x.example/a.png">'],
    ['only an empty link', '<a href="https://x.example"></a>'],
  ])('should refuse %s as empty, naming the field', (_label, raw) => {
    expect(badInput(() => requireRichText('message', raw, 100))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'message',
      message: 'message must not be empty',
    });
  });

  it('should check the length on the raw input, limit included', () => {
    expect(requireRichText('message', 'x'.repeat(100), 100)).toBe('x'.repeat(100));
    expect(badInput(() => requireRichText('message', 'x'.repeat(101), 100))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'message',
      message: 'message must be at most 100 characters',
    });
    // Markup that cleaning would remove still counts: the limit protects the server from the raw body.
    expect(badInput(() => requireRichText('comment', `<p>a</p>${'<i></i>'.repeat(20)}`, 100))).toMatchObject({ field: 'comment' });
  });
});

describe('optionalRichText', () => {
  it.each([null, undefined, '', '   ', '<p> </p>', '<script>x</script>'])('should answer null for %j', (raw) => {
    expect(optionalRichText('message', raw, 100)).toBeNull();
  });

  it('should clean a real message and check its length', () => {
    expect(optionalRichText('message', '<p style="x">ok</p>', 100)).toBe('<p>ok</p>');
    expect(badInput(() => optionalRichText('message', 'x'.repeat(101), 100))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'message' });
  });
});

describe('requireLine', () => {
  it('should trim and collapse whitespace, tabs and newlines', () => {
    expect(requireLine('subject', '  Wifi\t en \n\r panne  ', 200)).toBe('Wifi en panne');
  });

  it('should keep accents and other scripts as they are', () => {
    expect(requireLine('label', 'Scolarité – 教务', 200)).toBe('Scolarité – 教务');
  });

  it.each([
    ['null', null],
    ['undefined', undefined],
    ['empty', ''],
    ['whitespace', ' \n\t\u00a0 '],
  ])('should refuse %s as empty, naming the field', (_label, raw) => {
    expect(badInput(() => requireLine('subject', raw, 200))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subject',
      message: 'subject must not be empty',
    });
  });

  it('should count the length after trimming, limit included', () => {
    expect(requireLine('subject', `  ${'a'.repeat(200)}  `, 200)).toHaveLength(200);
    expect(badInput(() => requireLine('subject', 'a'.repeat(201), 200))).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'subject',
      message: 'subject must be at most 200 characters',
    });
  });

  it.each([
    ['NUL', 'a\u0000b'],
    ['BEL', 'a\u0007b'],
    ['ESC', 'a\u001b[31mb'],
    ['DEL', 'a\u007fb'],
    ['NEL', 'a\u0085b'],
  ])('should refuse the control character %s', (_label, raw) => {
    expect(badInput(() => requireLine('label', raw, 200))).toMatchObject({ code: 'BAD_USER_INPUT', field: 'label' });
  });

  it('should keep markup as plain text (one-line fields are not HTML)', () => {
    expect(requireLine('subject', '<b>urgent</b>', 200)).toBe('<b>urgent</b>');
  });
});
