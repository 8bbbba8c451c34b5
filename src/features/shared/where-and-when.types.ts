/**
 * The "where and when" block shown in emails, on "my registration" and on the ticket: plain,
 * already translated lines, built by src/server/views/where-and-when.ts. Framework-free so the
 * email templates and the PDF (features) can draw it as well as the Astro component.
 */
export interface WhereAndWhenLine {
  /** short label, e.g. "Time", "Room" */
  label: string;
  text: string;
}

export interface WhereAndWhenItem {
  /** e.g. "Forum", "Main forum", "P2 · Title", "Guided visit" */
  title: string;
  lines: WhereAndWhenLine[];
  /** set when this choice is on a waiting list: the translated notice ("On the waiting list (number 3)") */
  waiting?: string | undefined;
}

export interface WhereAndWhenBlock {
  heading: string;
  /** label separator in the block's language (": " or "：") */
  colon: string;
  items: WhereAndWhenItem[];
}
