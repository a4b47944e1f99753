/** The line before the blueprint's JSON in the output of blueprintProcess.ts. */
export const BLUEPRINT_MARKER = '--- lake: blueprint ---'
