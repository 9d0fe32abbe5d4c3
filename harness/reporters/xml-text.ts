// Text as XML element content: "&" and "<" escaped (">" too, for "]]>"); newlines kept.
export function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// Text as an XML attribute value in double quotes: whitespace other than spaces is written as a
// character reference, since a parser turns a literal tab or newline in an attribute into a space.
export function xmlAttribute(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

const NAMED: Readonly<Record<string, string>> = { quot: '"', lt: '<', gt: '>', apos: "'", amp: '&' };

// An attribute value as a parser reads it back (the references xmlAttribute and xmlbuilder2 write).
export function readXmlAttribute(value: string): string {
  return value.replace(/&(?:(quot|lt|gt|apos|amp)|#(\d+)|#x([0-9a-fA-F]+));/g, (_ref, name?: string, dec?: string, hex?: string) =>
    name ? (NAMED[name] as string) : String.fromCodePoint(dec ? Number(dec) : parseInt(hex as string, 16)),
  );
}
