// How to run the `warden` command where this process runs, for the hints Warden prints. The image
// sets WARDEN_COMMAND=warden (on PATH there, no npm); a checkout or an npm install runs it with npx.
export function wardenCommand(args: string, env: Record<string, string | undefined> = process.env): string {
  return `${env.WARDEN_COMMAND || 'npx warden'} ${args}`;
}

/** Where to run it: the image adds how to reach the server's container. */
export function whereToRun(env: Record<string, string | undefined> = process.env): string {
  return env.WARDEN_COMMAND === 'warden'
    ? 'inside the server\'s container, e.g. `docker exec <container> warden bootstrap` or `kubectl exec deploy/warden -- warden bootstrap`'
    : 'with the same environment as the server';
}
