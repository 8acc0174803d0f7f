export const MIN_NODE: string;
export function nodeVersionProblem(version?: string): string | undefined;
