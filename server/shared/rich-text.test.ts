import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { optionalRichText, plainText, requireLine, requireRichText, sanitizeRichText } from './rich-text.js';

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
    ['<form>/<input>', '<form action="https://evil.example"><input name="pw"></form><p>a</p>', '<p>a</p>'],
    ['an unknown tag kept as its text', '<div><span>a</span></div>', 'a'],
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
  ])('should drop a %s link target but keep its text', (_label, input) => {
    const clean = sanitizeRichText(input);
    expect(clean).not.toMatch(/href/);
    expect(clean).not.toMatch(/javascript|vbscript|data:|evil/i);
    expect(clean).toMatch(/>x<\/a>$/);
  });

  it.each([
    ['https', 'https://univ.example.fr/aide?x=1&amp;y=2'],
    ['http', 'http://univ.example.fr/'],
    ['mailto', 'mailto:support@univ.example.fr'],
  ])('should keep a %s link, opened outside without the opener', (_label, href) => {
    expect(sanitizeRichText(`<a href="${href}" onclick="x()" rel="opener" target="_self">lien</a>`)).toBe(
      `<a href="${href}" rel="noopener noreferrer nofollow" target="_blank">lien</a>`,
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

describe('plainText', () => {
  it('should give the visible text with whitespace collapsed', () => {
    expect(plainText('<p>Bonjour</p>\n<p>  le&nbsp;monde </p>')).toBe('Bonjour le monde');
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
