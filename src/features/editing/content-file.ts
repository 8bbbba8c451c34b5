/**
 * Reading and writing one content file so that a web edit changes only what was edited: the
 * published text is parsed with yaml's Document API, only the values that differ are set, and
 * comments, key order and quoting stay as they were. A new file gets its keys in schema order.
 * Markdown pages are frontmatter (the same YAML) and a body.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, isSeq, parseDocument, Scalar, YAMLMap, type Node } from 'yaml';

type Data = Record<string, unknown>;

export interface ContentFile {
  /** the frontmatter or the YAML file as data (YAML 1.2 core: quoted dates stay strings) */
  data: Data;
  /** a Markdown page's text after the frontmatter; undefined for YAML files */
  body?: string | undefined;
}

const frontmatter = /^---\r?\n([\s\S]*?)\r?\n?---(?:\r?\n|$)/;

/** The data (and Markdown body) of a file's text; a YAML error is thrown with its line. */
export function readContentFile(text: string, markdown: boolean): ContentFile {
  if (!markdown) return { data: toData(parseYaml(text)) };
  const match = frontmatter.exec(text);
  if (!match) return { data: {}, body: text };
  return { data: toData(parseYaml(match[1] ?? '')), body: text.slice(match[0].length) };
}

function parseYaml(text: string): Document.Parsed {
  const doc = parseDocument(text);
  const [error] = doc.errors;
  if (error) throw new Error(error.message);
  return doc;
}

function toData(doc: Document): Data {
  const data = doc.toJS() as unknown;
  return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Data) : {};
}

/**
 * The text of a file holding `data` (and `body`): the published text with only the changed
 * values set, or a new text with keys in `keyOrder`.
 */
export function writeContentFile(published: string | undefined, next: ContentFile, keyOrder: readonly string[], markdown: boolean): string {
  if (!markdown) return writeYaml(published, next.data, keyOrder);
  const match = published === undefined ? null : frontmatter.exec(published);
  const yamlText = writeYaml(match?.[1] === undefined ? undefined : `${match[1]}\n`, next.data, keyOrder);
  const body = next.body ?? '';
  return `---\n${yamlText}---\n${body}`;
}

function writeYaml(published: string | undefined, data: Data, keyOrder: readonly string[]): string {
  if (published === undefined) {
    const ordered: Data = {};
    for (const key of [...keyOrder, ...Object.keys(data)]) if (key in data) ordered[key] = data[key];
    const doc = new Document(ordered);
    quoteAmbiguous(doc.contents);
    return stringifyDoc(doc);
  }
  const doc = parseYaml(published);
  const before = toData(doc);
  if (!isMap(doc.contents)) return stringifyDoc(new Document(data));
  const map = doc.contents as YAMLMap;
  const sourceOf = sourceSlices(published, map);
  update(doc, map, before, data, keyOrder);
  return spliceChanged(map, before, data, sourceOf);
}

const stringifyDoc = (doc: Document) => doc.toString({ lineWidth: 0, flowCollectionPadding: false });
const keyName = (key: unknown) => String(isScalar(key) ? key.value : key);

interface Slice {
  /** comment lines right above the key */
  comments: string;
  /** the key and its value, to the next key's comments */
  pair: string;
}

/** The published text of each top-level key (with the comments above it), and what comes before the first. */
function sourceSlices(text: string, map: YAMLMap): { head: string; slices: Map<string, Slice> } {
  const starts = map.items.map((pair, i) => {
    const keyStart = (pair.key as Node).range?.[0] ?? 0;
    const lineStart = text.lastIndexOf('\n', keyStart - 1) + 1;
    let commentStart = lineStart;
    // comment lines right above a key go with it (not above the first key: the file's header stays)
    while (i > 0 && commentStart > 0) {
      const previous = text.lastIndexOf('\n', commentStart - 2) + 1;
      if (!/^\s*#/.test(text.slice(previous, commentStart))) break;
      commentStart = previous;
    }
    return { key: keyName(pair.key), commentStart, lineStart };
  });
  const slices = new Map<string, Slice>();
  starts.forEach((start, i) => {
    const end = starts[i + 1]?.commentStart ?? text.length;
    slices.set(start.key, { comments: text.slice(start.commentStart, start.lineStart), pair: text.slice(start.lineStart, end) });
  });
  return { head: text.slice(0, starts[0]?.commentStart ?? text.length), slices };
}

/** The published text with only the changed or new top-level pairs written anew. */
function spliceChanged(map: YAMLMap, before: Data, after: Data, source: { head: string; slices: Map<string, Slice> }): string {
  let text = source.head;
  for (const pair of map.items) {
    const key = keyName(pair.key);
    const slice = source.slices.get(key);
    if (slice && isDeepStrictEqual(before[key], after[key])) {
      text += slice.comments + slice.pair;
      continue;
    }
    const single = new Document(new YAMLMap());
    (single.contents as YAMLMap).items.push(pair);
    if (isScalar(pair.key)) pair.key.commentBefore = undefined;
    if (isMap(pair.key) || isScalar(pair.key)) pair.key.spaceBefore = false;
    let written = stringifyDoc(single);
    // keep what separated the published pair from the next one (a blank line)
    const trailing = slice ? (/\n*$/.exec(slice.pair)?.[0] ?? '\n') : '\n';
    written = written.replace(/\n*$/, '') + (trailing.length > 0 ? trailing : '\n');
    text += (slice?.comments ?? '') + written;
  }
  if (!text.endsWith('\n')) text += '\n';
  return text;
}

/** Set in `map` what differs between `before` and `after`, deepest first, so untouched nodes keep their comments. */
function update(doc: Document, map: YAMLMap, before: Data, after: Data, keyOrder: readonly string[]): void {
  for (const key of Object.keys(before)) if (!(key in after)) map.delete(key);
  for (const [key, value] of Object.entries(after)) {
    const old = before[key];
    if (isDeepStrictEqual(old, value)) continue;
    const node = map.get(key, true) as Node | undefined;
    if (isMap(node) && isPlainObject(old) && isPlainObject(value)) {
      update(doc, node, old, value, Object.keys(value));
    } else if (isSeq(node) && Array.isArray(old) && Array.isArray(value) && old.length === value.length) {
      value.forEach((item, i) => {
        const child = node.items[i] as Node | undefined;
        if (isDeepStrictEqual(old[i], item)) return;
        if (isMap(child) && isPlainObject(old[i]) && isPlainObject(item)) update(doc, child, old[i], item, Object.keys(item));
        else node.items[i] = newNode(doc, item, child);
      });
    } else if (node !== undefined) {
      map.set(key, newNode(doc, value, node));
    } else {
      insertInOrder(map, doc.createPair(key, newNode(doc, value, undefined)), keyOrder);
    }
  }
}

/** A node for a changed value; a scalar keeps the quoting of the one it replaces. */
function newNode(doc: Document, value: unknown, replaced: Node | undefined): Node {
  const node = doc.createNode(value) as Node;
  if (isScalar(node) && isScalar(replaced) && typeof value === 'string' && replaced.type) node.type = replaced.type;
  // A flow list (`[a, b]`) stays a flow list.
  if (isSeq(node) && isSeq(replaced)) node.flow = replaced.flow ?? false;
  quoteAmbiguous(node);
  return node;
}

/**
 * Strings that the build's YAML reader (js-yaml, YAML 1.1 types) would take for a date or a
 * number are double-quoted: "2024-12-19", "09:30", "1-24".
 */
function quoteAmbiguous(node: Node | null | undefined): void {
  if (!node) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string' && /^[\d:.+-]+(?:[Tt ][\d:.+-]+Z?)?$/.test(node.value) && node.type !== Scalar.QUOTE_SINGLE)
      node.type = Scalar.QUOTE_DOUBLE;
    return;
  }
  if (isMap(node)) for (const pair of node.items) quoteAmbiguous(pair.value as Node);
  if (isSeq(node)) for (const item of node.items) quoteAmbiguous(item as Node);
}

function insertInOrder(map: YAMLMap, pair: ReturnType<Document['createPair']>, keyOrder: readonly string[]): void {
  const rank = (key: unknown) => {
    const i = keyOrder.indexOf(String(isScalar(key) ? key.value : key));
    return i === -1 ? keyOrder.length : i;
  };
  const mine = rank(pair.key);
  const at = map.items.findIndex((item) => rank(item.key) > mine);
  if (at === -1) map.items.push(pair);
  else map.items.splice(at, 0, pair);
}

const isPlainObject = (value: unknown): value is Data => typeof value === 'object' && value !== null && !Array.isArray(value);
