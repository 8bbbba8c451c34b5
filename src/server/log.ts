/** Server log lines: ids and kinds only, never names, emails or tokens. */
export const log = {
  info: (message: string) => console.log(`[forum] ${message}`),
  error: (message: string) => console.error(`[forum] ${message}`),
};
