// A free TCP port on 127.0.0.1 for a server a test starts (the port is released before it is
// returned: the server that takes it binds it a moment later).
import net from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A port whose successor is free too (the development OpenID Provider takes WARDEN_PORT + 1). */
export async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const port = await freePort();
    const next = net.createServer();
    const free = await new Promise<boolean>((resolve) => next.once('error', () => resolve(false)).listen(port + 1, '127.0.0.1', () => resolve(true)));
    if (free) {
      await new Promise<void>((resolve) => next.close(() => resolve()));
      return port;
    }
  }
  throw new Error('no free pair of ports');
}
