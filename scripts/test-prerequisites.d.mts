export interface Prerequisite {
  tool: string;
  neededBy: string;
  debianPackage: string;
  found(env: NodeJS.ProcessEnv): boolean;
}
export const PREREQUISITES: Prerequisite[];
export function onPath(command: string, env: NodeJS.ProcessEnv): boolean;
export function missingPrerequisites(env?: NodeJS.ProcessEnv, prerequisites?: Prerequisite[]): Prerequisite[];
export function installAdvice(missing: Prerequisite[]): string;
