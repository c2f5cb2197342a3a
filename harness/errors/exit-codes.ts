/** CLI exit codes, as DESIGN.md fixes them. */
export const ExitCode = {
  ok: 0,
  expectationFailed: 1,
  usage: 2,
  infrastructure: 3,
  interrupted: 130,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
