// Text from a server or a spec (stderr lines, notes, test names) as it may be shown in a page: control
// characters become visible symbols (U+2400 "control pictures", e.g. ESC is ␛), so an ANSI colour code
// or a NUL reads as what it is and an HTML parser never meets one; a lone surrogate becomes U+FFFD.
// Markup needs no care here: the page's serializer escapes every text and attribute.
export function visibleText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    if (code <= 0x9f) return `\\x${code.toString(16)}`;
    return '\ufffd';
  });
}
