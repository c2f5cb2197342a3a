/**
 * Text made safe for a terminal: every control character but newline and tab becomes its visible
 * Control Picture (ESC shows as ␛, CR as ␍), so text from a run.json or a scenario can neither
 * move the cursor, clear the screen, recolour the output nor overwrite a line with `\r`.
 */
export function inertTerminalText(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? '\u2421' : '\ufffd';
  });
}
