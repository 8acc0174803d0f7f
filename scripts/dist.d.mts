export function builderArgs(platform: NodeJS.Platform, electronDist?: string): string[];
