// oidc-provider ships no type declarations; Warden only constructs it and mounts its handler.
declare module 'oidc-provider' {
  const Provider: any;
  export default Provider;
}
