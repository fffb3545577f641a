/* The docs route's file check and its small markdown renderer. */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { docPage, renderMarkdown, resolveDoc } from '../../src/main/server/docs.ts';
import { tempDirs } from '../fixtures/store/tmp.ts';

const tmp = tempDirs();
afterEach(() => tmp.cleanup());

describe('resolveDoc', () => {
  it('accepts only plain .md files directly in the folder', () => {
    const dir = tmp.make();
    const docs = join(dir, 'docs');
    mkdirSync(join(docs, 'sub'), { recursive: true });
    writeFileSync(join(docs, 'a.md'), '# A');
    writeFileSync(join(docs, 'sub', 'b.md'), '# B');
    writeFileSync(join(docs, 'c.txt'), 'c');
    writeFileSync(join(dir, 'secret.md'), 'secret');
    symlinkSync(join(dir, 'secret.md'), join(docs, 'link.md'));
    mkdirSync(join(docs, 'dir.md'));
    expect(resolveDoc(docs, 'a.md')).toBe(join(docs, 'a.md'));
    for (const bad of ['sub/b.md', '../secret.md', 'link.md', 'c.txt', 'dir.md', '.a.md', 'missing.md', '', 'a.md/']) {
      expect(resolveDoc(docs, bad), bad).toBeNull();
    }
    expect(resolveDoc(join(dir, 'nowhere'), 'a.md')).toBeNull();
  });
});

describe('renderMarkdown', () => {
  it('renders our docs constructs and escapes everything', () => {
    const html = renderMarkdown(
      [
        '# Title <b>',
        '',
        'Text with `a <code>` span, **bold**, *it* and a [link](engine.md) and [x](javascript:alert(1)).',
        'Same paragraph.',
        '',
        '- one',
        '  continued',
        '- two',
        '',
        '1. first',
        '2. second',
        '',
        '| a | b |',
        '|---|--:|',
        '| `x \\| y` | <i>2</i> |',
        '',
        '```ts',
        'const s = "<script>";',
        '```',
        '',
        '> quoted',
      ].join('\n'),
    );
    expect(html).toContain('<h1 id="title-b">Title &lt;b&gt;</h1>');
    expect(html).toContain('<p>Text with <code>a &lt;code&gt;</code> span, <strong>bold</strong>, <em>it</em> and a <a href="engine.md">link</a> and x). Same paragraph.</p>');
    expect(html).toContain('<ul><li>one continued</li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second</li></ol>');
    expect(html).toContain('<td><code>x | y</code></td><td style="text-align:right">&lt;i&gt;2&lt;/i&gt;</td>');
    expect(html).toContain('<pre><code class="language-ts">const s = &quot;&lt;script&gt;&quot;;</code></pre>');
    expect(html).toContain('<blockquote><p>quoted</p></blockquote>');
    expect(html).not.toMatch(/<script|<i>|<b>|javascript:/);
    expect(docPage('x.md', '# Hello')).toMatch(/<title>Hello · CMA Workbench<\/title>/);
  });
});
