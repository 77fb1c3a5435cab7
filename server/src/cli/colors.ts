/** Minimal ANSI styling; a disabled palette returns text unchanged. */
export interface Palette {
  bold(text: string): string;
  underline(text: string): string;
  dim(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  green(text: string): string;
}

const wrap = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`;

export const ANSI: Palette = {
  bold: wrap(1, 22),
  underline: wrap(4, 24),
  dim: wrap(2, 22),
  red: wrap(31, 39),
  yellow: wrap(33, 39),
  cyan: wrap(36, 39),
  green: wrap(32, 39),
};

const identity = (text: string) => text;
export const PLAIN: Palette = { bold: identity, underline: identity, dim: identity, red: identity, yellow: identity, cyan: identity, green: identity };

/** Colors only on a terminal, and never with --no-color or a non-empty NO_COLOR. */
export function useColor(isTTY: boolean | undefined, colorFlag: boolean, env: NodeJS.ProcessEnv): boolean {
  return Boolean(isTTY) && colorFlag && !env.NO_COLOR;
}

