// The `warden` entry point. Node's compile cache keeps the compiled (type-stripped) modules on disk
// (under the OS temp dir; NODE_DISABLE_COMPILE_CACHE=1 turns it off), which makes each command
// start about three times faster; it must be on before the CLI's modules load, hence the dynamic import.
import module from 'node:module';

module.enableCompileCache?.();
await import('./program.ts');
