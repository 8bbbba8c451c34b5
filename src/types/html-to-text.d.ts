/** The part of html-to-text (no bundled types) the email renderer uses. */
declare module 'html-to-text' {
  export interface SelectorDefinition {
    selector: string;
    format?: string;
    options?: Record<string, unknown>;
  }
  export function compile(options?: { wordwrap?: number | false; selectors?: SelectorDefinition[] }): (html: string) => string;
}
