// Where a server under test must listen: an IP port (TCP or UDP) or a Unix socket path.
export type Endpoint =
  | { readonly kind: 'tcp' | 'udp'; readonly host: string; readonly port: number }
  | { readonly kind: 'unix'; readonly path: string };

export type EndpointKind = Endpoint['kind'];

// Human form used in every message: "127.0.0.1:41234 (TCP)" or "/tmp/sg-x/server.sock (Unix)".
export function describeEndpoint(endpoint: Endpoint): string {
  return endpoint.kind === 'unix' ? `${endpoint.path} (Unix socket)` : `${endpoint.host}:${endpoint.port} (${endpoint.kind.toUpperCase()})`;
}
