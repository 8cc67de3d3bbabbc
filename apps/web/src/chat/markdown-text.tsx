import type { ComponentProps } from 'react';
import Markdown, { type Components } from 'react-markdown';

/** The bit of the markdown syntax tree the line-break plugin walks. */
interface MarkdownNode {
  type: string;
  value?: string;
  children?: MarkdownNode[];
}

/**
 * A line break in the assistant's text is a line break, as in any chat (markdown alone would
 * join the lines of a paragraph): each newline inside text becomes a `break` node.
 */
function lineBreaks() {
  const walk = (node: MarkdownNode) => {
    if (!node.children) return;
    node.children = node.children.flatMap((child) => {
      if (child.type !== 'text' || !child.value?.includes('\n')) {
        walk(child);
        return [child];
      }
      return child.value
        .split('\n')
        .flatMap((line, index) => [
          ...(index > 0 ? [{ type: 'break' }] : []),
          ...(line ? [{ type: 'text', value: line }] : []),
        ]);
    });
  };
  return walk;
}

/**
 * An address outside the app opens in a new tab, without telling the other site where it came from.
 * A link whose address the filter removed (`javascript:`) is its text: a link to nowhere would reload the page.
 */
function Link({ href = '', children, node: _node, ...props }: ComponentProps<'a'> & { node?: unknown }) {
  if (!href) return children;
  const away = /^(https?:|mailto:)/i.test(href);
  return (
    <a {...props} href={href} {...(away ? { target: '_blank', rel: 'noopener noreferrer nofollow' } : {})}>
      {children}
    </a>
  );
}

/**
 * The page's own headings stay the page's outline: a heading the assistant writes shows as a
 * bold line. An image is a link to it (the page's policy loads images from its own origin only).
 */
const strongLine: Components['h1'] = ({ children }) => (
  <p>
    <strong>{children}</strong>
  </p>
);
const components: Components = {
  a: Link,
  img: ({ src, alt }) => (typeof src === 'string' ? <Link href={src}>{alt || src}</Link> : alt),
  h1: strongLine,
  h2: strongLine,
  h3: strongLine,
  h4: strongLine,
  h5: strongLine,
  h6: strongLine,
};

const remarkPlugins = [lineBreaks];

/**
 * The assistant's text as markdown: lists, emphasis, code, links. Raw HTML in it shows as the
 * text it is (react-markdown renders none without a plugin asking for it), and addresses keep only
 * safe protocols (its default filter: http, https, mailto, irc, xmpp and relative ones; a
 * `javascript:` link loses its address).
 */
export function MarkdownText({ text }: { text: string }) {
  return (
    <div className="text markdown">
      <Markdown components={components} remarkPlugins={remarkPlugins}>
        {text}
      </Markdown>
    </div>
  );
}
