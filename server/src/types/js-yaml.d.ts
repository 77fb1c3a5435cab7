/** The one js-yaml function the engine uses (pnpm-workspace.yaml); the package ships no types. */
declare module 'js-yaml' {
  export function load(text: string, options?: { json?: boolean; filename?: string }): unknown;
}
