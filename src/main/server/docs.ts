/*
 * The repository's docs/*.md, read-only, for the page's "guide" links:
 * browser mode serves them at /docs/<name>.md (as minimal HTML; ?raw for the
 * markdown itself) and the Electron shell opens them with the system viewer.
 * Only a plain file directly in the docs folder qualifies: no sub-folders,
 * no dot-files, no `..`, no symlink that leads out.
 *
 * The renderer is deliberately small (headings, paragraphs, lists, tables,
 * fenced code, quotes, links, code spans, bold and italics): enough for our
 * own docs, and everything is HTML-escaped before any markup is added.
 */
import { readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

const DOC_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*\.md$/;

/** The real path of docs/<name>, or null when `name` is not a markdown file directly in `docsDir`. */
export function resolveDoc(docsDir: string, name: string): string | null {
  if (!DOC_NAME.test(name) || name.includes('..')) return null;
  try {
    const root = realpathSync(docsDir);
    const real = realpathSync(join(root, name));
    if (dirname(real) !== root || !real.endsWith('.md')) return null;
    return statSync(real).isFile() ? real : null;
  } catch {
    return null;
  }
}

export function readDoc(docsDir: string, name: string): { path: string; text: string } | null {
  const path = resolveDoc(docsDir, name);
  return path ? { path, text: readFileSync(path, 'utf8') } : null;
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/<[^>]*>/g, '')
    .replace(/&[a-z]+;|&#\d+;/g, '')
    .replace(/[^a-z0-9 _-]/g, '')
    .trim()
    .replace(/\s+/g, '-');
}

/** Inline markup of one escaped line: code spans first (their contents stay literal), then links, bold, italics. */
function inline(raw: string): string {
  const codes: string[] = [];
  let s = raw.replace(/`([^`]+)`/g, (_m, c: string) => {
    codes.push(`<code>${escapeHtml(c)}</code>`);
    return `\u0000${codes.length - 1}\u0000`;
  });
  s = escapeHtml(s);
  s = s.replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_m, text: string, href: string) => {
    const safe = /^(https?:|#|[A-Za-z0-9._/-])/.test(href) && !/^javascript:/i.test(href);
    if (!safe) return text;
    const external = /^https?:/.test(href);
    return `<a href="${href}"${external ? ' rel="noopener noreferrer"' : ''}>${text}</a>`;
  });
  s = s.replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[^*\w])\*([^*\s][^*]*?)\*(?!\w)/g, '$1<em>$2</em>');
  return s.replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)]!);
}

/** Cells of a table row, split on pipes that are not escaped (`\|` inside code stays a pipe). */
function cells(line: string): string[] {
  const t = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return t.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

export function renderMarkdown(md: string): string {
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let i = 0;
  const isBlank = (l: string | undefined) => l === undefined || l.trim() === '';
  const listItem = /^(\s*)([-*]|\d+\.)\s+(.*)$/;
  const startsBlock = (l: string) => /^(#{1,6}\s|```|>|\||(\s*)([-*]|\d+\.)\s)/.test(l) || /^(-{3,}|\*{3,})\s*$/.test(l);
  while (i < lines.length) {
    const line = lines[i]!;
    if (isBlank(line)) {
      i++;
      continue;
    }
    const fence = /^```(\S*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i]!)) body.push(lines[i++]!);
      i++;
      out.push(`<pre><code${fence[1] ? ` class="language-${escapeHtml(fence[1])}"` : ''}>${escapeHtml(body.join('\n'))}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      const n = heading[1]!.length;
      const html = inline(heading[2]!);
      out.push(`<h${n} id="${slug(html)}">${html}</h${n}>`);
      i++;
      continue;
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      out.push('<hr>');
      i++;
      continue;
    }
    if (line.startsWith('|') && /^\|?\s*:?-{2,}/.test(lines[i + 1] ?? '')) {
      const head = cells(line);
      const align = cells(lines[i + 1]!).map((c) => (c.endsWith(':') ? (c.startsWith(':') ? 'center' : 'right') : null));
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && lines[i]!.trim().startsWith('|')) rows.push(cells(lines[i++]!));
      const td = (tag: string, c: string, k: number) => `<${tag}${align[k] ? ` style="text-align:${align[k]}"` : ''}>${inline(c)}</${tag}>`;
      out.push(
        `<table><thead><tr>${head.map((c, k) => td('th', c, k)).join('')}</tr></thead><tbody>` +
          rows.map((r) => `<tr>${r.map((c, k) => td('td', c, k)).join('')}</tr>`).join('') +
          '</tbody></table>',
      );
      continue;
    }
    if (line.startsWith('>')) {
      const body: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) body.push(lines[i++]!.replace(/^>\s?/, ''));
      out.push(`<blockquote>${renderMarkdown(body.join('\n'))}</blockquote>`);
      continue;
    }
    const item = listItem.exec(line);
    if (item) {
      const ordered = /\d/.test(item[2]!);
      const items: string[] = [];
      while (i < lines.length) {
        const m = listItem.exec(lines[i]!);
        if (m && /\d/.test(m[2]!) === ordered && m[1]!.length < 2) {
          items.push(m[3]!);
          i++;
        } else if (m) {
          // A nested item: kept as its own line of the current item.
          items[items.length - 1] += `\n${m[3]!}`;
          i++;
        } else if (!isBlank(lines[i]) && /^\s+/.test(lines[i]!)) {
          items[items.length - 1] += ` ${lines[i++]!.trim()}`;
        } else if (isBlank(lines[i]) && lines[i + 1] !== undefined && /^\s+\S/.test(lines[i + 1]!) && !listItem.exec(lines[i + 1]!)) {
          i++;
        } else break;
      }
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((t) => `<li>${t.split('\n').map(inline).join('<br>')}</li>`).join('')}</${tag}>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && !isBlank(lines[i]) && (para.length === 0 || !startsBlock(lines[i]!))) para.push(lines[i++]!.trim());
    out.push(`<p>${inline(para.join(' '))}</p>`);
  }
  return out.join('\n');
}

const STYLE = `
:root { color-scheme: light dark; --text: #1b2129; --muted: #56606c; --bg: #ffffff; --code: #f2f4f7; --border: #e0e4e9; --link: #1d54bd; }
@media (prefers-color-scheme: dark) { :root { --text: #e4e9ef; --muted: #9ba6b2; --bg: #151a21; --code: #1b212a; --border: #29303a; --link: #7fb0fb; } }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.6 -apple-system, 'Segoe UI', Arial, 'Liberation Sans', sans-serif; }
main { max-width: 52rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
.path { color: var(--muted); font-size: 13px; }
a { color: var(--link); }
h1, h2, h3 { line-height: 1.25; margin: 1.6em 0 0.5em; }
h1 { margin-top: 0.6em; }
code { font: 13px/1.5 ui-monospace, 'DejaVu Sans Mono', Menlo, monospace; background: var(--code); padding: 0.1em 0.3em; border-radius: 4px; }
pre { background: var(--code); padding: 0.8em 1em; border-radius: 6px; overflow-x: auto; }
pre code { padding: 0; background: none; }
table { border-collapse: collapse; margin: 1em 0; display: block; overflow-x: auto; }
th, td { border: 1px solid var(--border); padding: 0.35em 0.6em; vertical-align: top; text-align: left; }
blockquote { margin: 1em 0; padding: 0 1em; border-left: 3px solid var(--border); color: var(--muted); }
`;

/** A whole page: no scripts, styles inline (the server's CSP allows inline styles, never scripts). */
export function docPage(name: string, markdown: string): string {
  const title = /^#\s+(.*)$/m.exec(markdown)?.[1] ?? name;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · CMA Workbench</title><style>${STYLE}</style></head>
<body><main><div class="path">docs/${escapeHtml(name)} · <a href="${escapeHtml(name)}?raw">markdown</a></div>
${renderMarkdown(markdown)}
</main></body></html>
`;
}
