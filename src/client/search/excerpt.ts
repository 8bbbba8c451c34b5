/**
 * Pagefind's excerpts are HTML: the page text (escaped) with the matching words in <mark>.
 * They are parsed in an inert document and copied as text and <mark> elements only, so
 * nothing else from the index can reach the page as markup.
 */
export function excerptNodes(html: string): Node[] {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const nodes: Node[] = [];
  const walk = (parent: Node) => {
    for (const node of parent.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) nodes.push(document.createTextNode(node.textContent ?? ''));
      else if (node.nodeName === 'MARK') {
        const mark = document.createElement('mark');
        mark.textContent = node.textContent;
        nodes.push(mark);
      } else walk(node);
    }
  };
  walk(parsed.body);
  return nodes;
}
