/**
 * Just enough XML for SOAP request envelopes: elements with their namespace URIs resolved,
 * attributes, text (entities and CDATA decoded), comments and the XML declaration skipped. A
 * DOCTYPE is refused (no entity expansion), as is anything malformed: the SOAP endpoint answers
 * those with a Client fault. Also the escaping the responses need.
 */

export interface XmlElement {
  /** The local name (`convertLead` of `<n1:convertLead>`). */
  name: string;
  /** The resolved namespace URI ('' when none). */
  namespace: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, trimmed of nothing (SOAP values are taken as sent). */
  text: string;
  /** `xsi:nil="true"`, whatever prefix the instance namespace is bound to. */
  nil: boolean;
}

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export const XSI_NAMESPACE = 'http://www.w3.org/2001/XMLSchema-instance';
const MAX_DEPTH = 64;
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const ATTRIBUTE = /^\s+([A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/;
const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  if (/&(?!(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);)/.test(text))
    throw new XmlError('The entity name must immediately follow the "&" in the entity reference.');
  return text.replace(ENTITY, (_, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(Number.parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number.parseInt(ref.slice(1), 10));
    return NAMED[ref];
  });
}

interface Pending {
  qname: string;
  attributes: Record<string, string>;
  scope: Map<string, string>;
  element: XmlElement;
}

/** Splits `prefix:local`, resolving the prefix (or the default namespace) in `scope`. */
function resolve(qname: string, scope: Map<string, string>, isAttribute = false): { local: string; namespace: string } {
  const colon = qname.indexOf(':');
  if (colon < 0) return { local: qname, namespace: isAttribute ? '' : (scope.get('') ?? '') };
  const prefix = qname.slice(0, colon);
  const namespace = prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : scope.get(prefix);
  if (namespace === undefined) throw new XmlError(`The prefix "${prefix}" for element "${qname}" is not bound.`);
  return { local: qname.slice(colon + 1), namespace };
}

/** Reads `<name attr="v" …>` at `at`; returns the tag and where it ends. */
function readStartTag(xml: string, at: number): { qname: string; attributes: Record<string, string>; selfClosing: boolean; end: number } {
  let rest = xml.slice(at + 1);
  const name = NAME.exec(rest);
  if (!name) throw new XmlError('The markup in the document following the root element must be well-formed.');
  let consumed = at + 1 + name[0].length;
  rest = rest.slice(name[0].length);
  const attributes: Record<string, string> = {};
  for (let match = ATTRIBUTE.exec(rest); match; match = ATTRIBUTE.exec(rest)) {
    if (match[1] in attributes) throw new XmlError(`Attribute "${match[1]}" was already specified for element "${name[0]}".`);
    attributes[match[1]] = decode(match[2] ?? match[3] ?? '');
    consumed += match[0].length;
    rest = rest.slice(match[0].length);
  }
  const close = /^\s*(\/?)>/.exec(rest);
  if (!close) throw new XmlError(`Element type "${name[0]}" must be followed by either attribute specifications, ">" or "/>".`);
  return { qname: name[0], attributes, selfClosing: close[1] === '/', end: consumed + close[0].length };
}

function openElement(tag: { qname: string; attributes: Record<string, string> }, parentScope: Map<string, string>): Pending {
  const scope = new Map(parentScope);
  for (const [key, value] of Object.entries(tag.attributes)) {
    if (key === 'xmlns') scope.set('', value);
    else if (key.startsWith('xmlns:')) scope.set(key.slice(6), value);
  }
  const { local, namespace } = resolve(tag.qname, scope);
  let nil = false;
  for (const [key, value] of Object.entries(tag.attributes)) {
    if (key === 'xmlns' || key.startsWith('xmlns:')) continue;
    const attribute = resolve(key, scope, true);
    if (attribute.namespace === XSI_NAMESPACE && attribute.local === 'nil') nil = value === 'true' || value === '1';
  }
  return {
    qname: tag.qname,
    attributes: tag.attributes,
    scope,
    element: { name: local, namespace, attributes: tag.attributes, children: [], text: '', nil },
  };
}

/** Skips what may stand between elements (declaration, comments); returns the next index. */
function skipMarkup(xml: string, at: number): number | undefined {
  if (xml.startsWith('<?', at)) {
    const end = xml.indexOf('?>', at);
    if (end < 0) throw new XmlError('XML document structures must start and end within the same entity.');
    return end + 2;
  }
  if (xml.startsWith('<!--', at)) {
    const end = xml.indexOf('-->', at);
    if (end < 0) throw new XmlError('XML document structures must start and end within the same entity.');
    return end + 3;
  }
  if (xml.startsWith('<!DOCTYPE', at) || xml.startsWith('<!ENTITY', at)) {
    throw new XmlError('DOCTYPE is disallowed when the feature "http://apache.org/xml/features/disallow-doctype-decl" set to true.');
  }
  return undefined;
}

/** Parses a document into its root element. */
export function parseXml(xml: string): XmlElement {
  const stack: Pending[] = [];
  let root: XmlElement | undefined;
  let at = 0;
  while (at < xml.length) {
    const next = xml.indexOf('<', at);
    const text = next < 0 ? xml.slice(at) : xml.slice(at, next);
    if (text) {
      if (stack.length) stack[stack.length - 1].element.text += decode(text);
      else if (text.trim()) throw new XmlError('Content is not allowed in prolog.');
    }
    if (next < 0) break;
    at = next;
    const skipped = skipMarkup(xml, at);
    if (skipped !== undefined) {
      at = skipped;
    } else if (xml.startsWith('<![CDATA[', at)) {
      const end = xml.indexOf(']]>', at);
      if (end < 0 || !stack.length) throw new XmlError('The CDATA section must be inside an element and closed.');
      stack[stack.length - 1].element.text += xml.slice(at + 9, end);
      at = end + 3;
    } else if (xml.startsWith('</', at)) {
      const close = /^<\/([^\s>]+)\s*>/.exec(xml.slice(at, at + 300));
      const open = stack.pop();
      if (!close || !open || close[1] !== open.qname) {
        throw new XmlError(`The element type "${open?.qname ?? ''}" must be terminated by the matching end-tag "</${open?.qname ?? ''}>".`);
      }
      if (!stack.length) root = open.element;
      at += close[0].length;
    } else {
      if (root) throw new XmlError('The markup in the document following the root element must be well-formed.');
      if (stack.length >= MAX_DEPTH) throw new XmlError('The document nests too deeply.');
      const tag = readStartTag(xml, at);
      const pending = openElement(tag, stack.length ? stack[stack.length - 1].scope : new Map());
      if (stack.length) stack[stack.length - 1].element.children.push(pending.element);
      if (tag.selfClosing) {
        if (!stack.length) root = pending.element;
      } else {
        stack.push(pending);
      }
      at = tag.end;
    }
  }
  if (stack.length || !root) throw new XmlError('XML document structures must start and end within the same entity.');
  return root;
}

/** Escapes text for an element's content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
